import Foundation
import GooseAuditCore
import PostgresNIO

/// The fleet store's schema versions, kept in `Sources/FleetStore/Migrations/NNNN_name.sql` and
/// embedded in the binary. `fleet migrate` applies the missing ones in order, each recorded with a
/// checksum in `fleet.schema_migration`; an applied migration whose text changed is refused.
public enum Migrations {
    public struct Migration: Sendable {
        public var version: Int
        public var name: String
        public var sql: String

        /// A SHA-256 of the text, so an edited migration is noticed.
        var checksum: String { Digest.sha256Hex(sql) }
    }

    /// Every migration, oldest first.
    public static let all: [Migration] = [
        Migration(version: 1, name: "initial", sql: text(PackageResources._001_initial_sql)),
        Migration(version: 2, name: "goose_versions", sql: text(PackageResources._002_goose_versions_sql)),
    ]

    public static var latest: Int { all.last!.version }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The statements of a migration: split at `;` outside quotes, dollar quotes and `--` comments.
    public static func statements(_ sql: String) -> [String] {
        var out: [String] = [], current = ""
        var inQuote = false, inDollar = false, inComment = false
        let chars = Array(sql)
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if inComment {
                if ch == "\n" { inComment = false }
                i += 1
                continue
            }
            if !inQuote && !inDollar && ch == "-" && next == "-" {
                inComment = true
                i += 2
                continue
            }
            current.append(ch)
            if !inDollar && ch == "'" { inQuote.toggle() }
            if !inQuote && ch == "$" && next == "$" {
                inDollar.toggle()
                current.append("$")
                i += 2
                continue
            }
            if !inQuote && !inDollar && ch == ";" {
                let statement = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if statement != ";" { out.append(statement) }
                current = ""
            }
            i += 1
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { out.append(rest) }
        return out
    }
}

extension FleetConnection {
    /// The versions already applied (empty on an empty database).
    public func appliedVersions() async throws -> [Int] {
        try await using {
            let exists = try await $0.query("SELECT to_regclass('fleet.schema_migration') IS NOT NULL", logger: logger)
            var found = false
            for try await flag in exists.decode(Bool.self) { found = flag }
            guard found else { return [] }
            var versions: [Int] = []
            for try await version in try await $0.query("SELECT version FROM fleet.schema_migration ORDER BY version", logger: logger)
                .decode(Int.self)
            {
                versions.append(version)
            }
            return versions
        }
    }

    /// Applies every migration up to `target` (default: the latest) that is not applied yet, in one
    /// transaction under an advisory lock (two migrators never interleave). Returns the versions applied.
    @discardableResult
    public func migrate(to target: Int = Migrations.latest) async throws -> [Int] {
        try await using { connection in
            try await connection.withTransaction(logger: logger) { tx in
                try await tx.query("SELECT pg_advisory_xact_lock(7046610251)", logger: logger)
                try await tx.query("CREATE SCHEMA IF NOT EXISTS fleet", logger: logger)
                try await tx.query(
                    """
                    CREATE TABLE IF NOT EXISTS fleet.schema_migration (
                        version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: logger)
                var applied: [Int: String] = [:]
                for try await (version, checksum) in try await tx.query(
                    "SELECT version, checksum FROM fleet.schema_migration", logger: logger
                ).decode((Int, String).self) {
                    applied[version] = checksum
                }
                var done: [Int] = []
                for migration in Migrations.all where migration.version <= target {
                    if let checksum = applied[migration.version] {
                        guard checksum == migration.checksum else {
                            throw StoreError.schema("migration \(migration.version) (\(migration.name)) was changed after it was applied")
                        }
                        continue
                    }
                    for statement in Migrations.statements(migration.sql) {
                        try await tx.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await tx.query(
                        "INSERT INTO fleet.schema_migration (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                        logger: logger)
                    done.append(migration.version)
                }
                if let newest = applied.keys.max(), newest > Migrations.latest {
                    throw StoreError.schema(
                        "the database is at version \(newest), newer than this goose-audit knows (\(Migrations.latest))")
                }
                return done
            }
        }
    }
}
