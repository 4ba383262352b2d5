import FleetStore
import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// Synthetic runs and server helpers shared by the fleet tests.
enum Fleet {
    static var enabled: Bool { TestPostgres.adminURL != nil }
    static let skip = Comment(rawValue: TestPostgres.skipReason)

    /// A new database on the test server, migrated to the latest schema; returns its administrator URL.
    static func migratedDatabase() async throws -> String {
        let url = try TestPostgres.freshDatabase(try #require(TestPostgres.adminURL))
        _ = try await with(url) { try await $0.migrate() }
        return url
    }

    static func connect(_ url: String) async throws -> FleetConnection {
        try await FleetConnection.connect(try StoreAddress.resolve(url: url, environment: [:]))
    }

    static func host(_ n: Int) -> HostIdentity {
        HostIdentity(
            hostID: String(format: "%032x", n + 0xF1EE7), hostName: "host-\(n)", operatingSystem: "Linux 6.1.0 x86_64", user: "dev\(n)",
            uid: 1000)
    }

    /// A run of `host` with `count` findings (the first `secrets` of them secrets) and a drift snapshot.
    static func run(
        _ host: HostIdentity, at time: Date, index: Int = 70, count: Int = 5, secrets: Int = 1, drift: [String: String] = [:],
        salt: String = ""
    ) -> FleetRun {
        let findings = (0..<count).map { i in
            FleetFinding(
                fingerprint: Digest.sha256Hex("\(host.hostID)/\(i)/\(salt)"), ruleID: i < secrets ? "openai_api_key" : "rule_\(i % 7)",
                category: i < secrets ? "secrets" : "filesystem", severity: i < secrets ? .high : .medium, risk: 90 - i % 50,
                root: "goose", path: "config/file\(i).yaml", line: i + 1, keyPath: i % 2 == 0 ? "extensions.x.envs.K" : nil,
                evidence: i < secrets ? "sk-proj-… (48 chars)" : "mode 0644", evidenceDigest: String(Digest.sha256Hex("e\(i)").prefix(12)),
                suppression: i == count - 1 && count > 3 ? "configuration: accepted" : nil)
        }
        return FleetRun(
            host: host, startedAt: time, toolVersion: "0.1.0", roots: ["goose"], hardeningIndex: index, findings: findings,
            notices: [FleetNotice(kind: "parse-error", path: "goose/config/broken.yaml", message: "line 3: bad indentation")], drift: drift)
    }
}

extension Fleet {
    /// Runs `body` on a connection that is closed afterwards, whatever happens.
    static func with<T: Sendable>(_ url: String, _ body: (FleetConnection) async throws -> T) async throws -> T {
        try await FleetConnection.with(try StoreAddress.resolve(url: url, environment: [:]), body)
    }
}
