import Foundation

/// The real PostgreSQL server tests run against: `GOOSE_AUDIT_TEST_PG` (an administrator URL) is set by
/// `scripts/test`, which starts a throwaway PostgreSQL 15 cluster (`scripts/pg-cluster.sh`). Tests that
/// need it skip with `skipReason` when it is not set (a developer's plain `swift test`).
public enum TestPostgres {
    public static var adminURL: String? {
        guard let url = ProcessInfo.processInfo.environment["GOOSE_AUDIT_TEST_PG"], !url.isEmpty else { return nil }
        return url
    }

    public static let skipReason =
        "skipped: needs PostgreSQL; set GOOSE_AUDIT_TEST_PG=postgres://… (scripts/test starts a throwaway PostgreSQL 15 and sets it)"

    /// `psql` (the Debian client) with `-X -At -v ON_ERROR_STOP=1`; throws with the server's message on failure.
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let result = try capturePSQL(url, sql)
        guard result.status == 0 else {
            throw Shell.Failure(command: "psql \(redact(url)) -c \(sql.prefix(200))", status: result.status, output: result.stderr)
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `psql` without throwing: the status and both streams (for tests that expect a refusal).
    public static func capturePSQL(_ url: String, _ sql: String) throws -> Shell.Output {
        try Shell.capture(
            "/usr/bin/psql", ["-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"])
    }

    /// A new empty database on the test server; returns its administrator URL.
    public static func freshDatabase(_ admin: String) throws -> String {
        let name = "ga_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        try psql(admin, "CREATE DATABASE \(name)")
        return with(admin, database: String(name))
    }

    /// A reporter login bound to `hostID` in the fleet store at `url`; returns its URL.
    public static func reporter(_ url: String, hostID: String) throws -> String {
        let login = "rep_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let password = UUID().uuidString
        try psql(url, "CREATE ROLE \(login) LOGIN PASSWORD '\(password)' IN ROLE goose_audit_reporter")
        try psql(url, "INSERT INTO fleet.reporter (login, host_id) VALUES ('\(login)', '\(hostID)')")
        return with(url, user: String(login), password: password)
    }

    /// An auditor login; returns its URL.
    public static func auditor(_ url: String) throws -> String {
        let login = "aud_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let password = UUID().uuidString
        try psql(url, "CREATE ROLE \(login) LOGIN PASSWORD '\(password)' IN ROLE goose_audit_auditor")
        return with(url, user: String(login), password: password)
    }

    /// `url` with another database, user or password.
    public static func with(_ url: String, database: String? = nil, user: String? = nil, password: String? = nil) -> String {
        guard var components = URLComponents(string: url) else { return url }
        if let database { components.path = "/" + database }
        if let user { components.user = user }
        if let password { components.password = password }
        return components.string ?? url
    }

    public static func redact(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "postgres://…" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "postgres://…"
    }
}
