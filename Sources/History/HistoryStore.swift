import Foundation
import GRDB
import GooseAuditCore

/// One recorded run: never a secret, only fingerprints, rule ids, paths, severities and counts.
public struct RunRecord: Sendable, Hashable {
    public var id: Int64?
    public var startedAt: Date
    public var toolVersion: String
    public var roots: [String]
    public var hardeningIndex: Int
    public var countsBySeverity: [Severity: Int]
    public var findings: [FindingRecord]
    /// The drift snapshot: stable keys (extension names, settings) mapped to digests or plain values.
    public var drift: [String: String]

    public init(
        id: Int64? = nil, startedAt: Date, toolVersion: String, roots: [String], hardeningIndex: Int,
        countsBySeverity: [Severity: Int], findings: [FindingRecord], drift: [String: String]
    ) {
        self.id = id
        self.startedAt = startedAt
        self.toolVersion = toolVersion
        self.roots = roots
        self.hardeningIndex = hardeningIndex
        self.countsBySeverity = countsBySeverity
        self.findings = findings
        self.drift = drift
    }
}

/// A finding as history keeps it.
public struct FindingRecord: Sendable, Hashable, Codable {
    public var fingerprint: String
    public var ruleID: String
    public var root: String
    public var path: String
    public var severity: Severity

    public init(fingerprint: String, ruleID: String, root: String, path: String, severity: Severity) {
        self.fingerprint = fingerprint
        self.ruleID = ruleID
        self.root = root
        self.path = path
        self.severity = severity
    }

    public init(_ finding: Finding) {
        self.init(
            fingerprint: finding.fingerprint, ruleID: finding.ruleID, root: finding.location.root,
            path: finding.location.path, severity: finding.severity)
    }
}

/// What changed between two runs.
public struct HistoryDiff: Sendable {
    public var older: Int64
    public var newer: Int64
    public var new: [FindingRecord]
    public var resolved: [FindingRecord]
    public var unchanged: [FindingRecord]
}

public enum HistoryError: Error, CustomStringConvertible, Equatable {
    case unsafeLocation(String)
    case unknownRun(Int64)
    case notEnoughRuns

    public var description: String {
        switch self {
        case .unsafeLocation(let reason): "history database: \(reason)"
        case .unknownRun(let id): "no recorded run with id \(id)"
        case .notEnoughRuns: "history diff needs two recorded runs; record runs with --record"
        }
    }
}

/// The history database: an embedded SQLite file in goose-audit's state directory, created 0600
/// (its directory 0700), never opened through a symlink.
public final class HistoryStore: Sendable {
    public let path: String
    private let queue: DatabaseQueue

    public init(path: String) throws {
        self.path = path
        try Self.prepare(path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(queue)
    }

    /// Creates the directory 0700 and the file 0600 if absent; refuses symlinks and foreign files.
    static func prepare(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try StateDirectory.ensure(directory)
        } catch {
            throw HistoryError.unsafeLocation("\(error)")
        }
        switch FileMetadata.lstat(path) {
        case .success(let metadata):
            guard metadata.type == .regular else {
                throw HistoryError.unsafeLocation("\(path) is a \(metadata.type.rawValue), not a regular file")
            }
            guard metadata.uid == getuid() else { throw HistoryError.unsafeLocation("\(path) is owned by another user") }
            if metadata.permissions & 0o077 != 0 { chmod(path, 0o600) }
        case .failure:
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw HistoryError.unsafeLocation("cannot create \(path): \(String(cString: strerror(errno)))") }
            fchmod(fd, 0o600)
            close(fd)
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("started_at", .datetime).notNull()
                t.column("tool_version", .text).notNull()
                t.column("roots", .text).notNull()
                t.column("hardening_index", .integer).notNull()
                for severity in Severity.allCases { t.column("count_\(severity.name)", .integer).notNull() }
            }
            try db.create(table: "finding") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("fingerprint", .text).notNull()
                t.column("rule_id", .text).notNull()
                t.column("root", .text).notNull()
                t.column("path", .text).notNull()
                t.column("severity", .text).notNull()
                t.primaryKey(["run_id", "fingerprint"], onConflict: .ignore)
            }
            try db.create(table: "drift") { t in
                t.column("run_id", .integer).notNull().references("run", onDelete: .cascade)
                t.column("key", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["run_id", "key"])
            }
        }
        return migrator
    }

    @discardableResult
    public func record(_ run: RunRecord) throws -> Int64 {
        try queue.write { db in
            var arguments: [any DatabaseValueConvertible] = [
                run.startedAt, run.toolVersion, run.roots.map(SecretNames.redact).joined(separator: "\n"), run.hardeningIndex,
            ]
            arguments += Severity.allCases.map { run.countsBySeverity[$0] ?? 0 }
            let columns = ["started_at", "tool_version", "roots", "hardening_index"] + Severity.allCases.map { "count_\($0.name)" }
            try db.execute(
                sql:
                    "INSERT INTO run (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))",
                arguments: StatementArguments(arguments))
            let id = db.lastInsertedRowID
            for finding in run.findings {
                try db.execute(
                    sql: "INSERT INTO finding (run_id, fingerprint, rule_id, root, path, severity) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        id, finding.fingerprint, finding.ruleID, SecretNames.redact(finding.root), SecretNames.redact(finding.path),
                        finding.severity.name,
                    ])
            }
            for (key, value) in run.drift {
                try db.execute(
                    sql: "INSERT INTO drift (run_id, key, value) VALUES (?, ?, ?)",
                    arguments: [id, SecretNames.redact(key), SecretNames.redact(value)])
            }
            return id
        }
    }

    /// Every run, oldest first, without findings.
    public func runs() throws -> [RunRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id").map(Self.run)
        }
    }

    /// One run with its findings and drift snapshot.
    public func run(_ id: Int64) throws -> RunRecord {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]) else {
                throw HistoryError.unknownRun(id)
            }
            var run = Self.run(row)
            run.findings = try Row.fetchAll(db, sql: "SELECT * FROM finding WHERE run_id = ? ORDER BY fingerprint", arguments: [id]).map {
                row in
                FindingRecord(
                    fingerprint: row["fingerprint"], ruleID: row["rule_id"], root: row["root"], path: row["path"],
                    severity: Severity(name: row["severity"]) ?? .info)
            }
            run.drift = Dictionary(
                try Row.fetchAll(db, sql: "SELECT key, value FROM drift WHERE run_id = ?", arguments: [id]).map {
                    ($0["key"], $0["value"])
                },
                uniquingKeysWith: { a, _ in a })
            return run
        }
    }

    /// The latest run, if any.
    public func latest() throws -> RunRecord? {
        guard let id = try queue.read({ db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM run") }) else { return nil }
        return try run(id)
    }

    /// Findings new, resolved and unchanged from run `a` to run `b` (default: the last two).
    public func diff(_ a: Int64? = nil, _ b: Int64? = nil) throws -> HistoryDiff {
        let ids = try runs().compactMap(\.id)
        let newer = b ?? ids.last
        let older = a ?? (ids.count >= 2 ? ids[ids.count - 2] : nil)
        guard let older, let newer else { throw HistoryError.notEnoughRuns }
        let before = try run(older).findings
        let after = try run(newer).findings
        let beforeKeys = Set(before.map(\.fingerprint))
        let afterKeys = Set(after.map(\.fingerprint))
        return HistoryDiff(
            older: older, newer: newer,
            new: after.filter { !beforeKeys.contains($0.fingerprint) },
            resolved: before.filter { !afterKeys.contains($0.fingerprint) },
            unchanged: after.filter { beforeKeys.contains($0.fingerprint) })
    }

    private static func run(_ row: Row) -> RunRecord {
        var counts: [Severity: Int] = [:]
        for severity in Severity.allCases { counts[severity] = row["count_\(severity.name)"] }
        let roots: String = row["roots"]
        return RunRecord(
            id: row["id"], startedAt: row["started_at"], toolVersion: row["tool_version"],
            roots: roots.split(separator: "\n").map(String.init), hardeningIndex: row["hardening_index"],
            countsBySeverity: counts, findings: [], drift: [:])
    }
}
