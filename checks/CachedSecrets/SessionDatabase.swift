import Foundation
import GRDB
import GooseAuditCore
import SecretEngine

/// Reads goose's `sessions.db` without changing a byte of it, its WAL or its shared memory, and
/// without copying it:
///
/// - with a `-wal` beside it (goose has it open, or crashed): `mode=ro&readonly_shm=1`. SQLite
///   reads the WAL, so rows not yet checkpointed are seen, and rebuilds the WAL index in private
///   memory instead of writing read marks into `-shm` (a plain read-only connection does write
///   them). It never takes a write lock and cannot checkpoint.
/// - without a `-wal` (no connection is open: goose keeps one for as long as it runs):
///   `immutable=1`, because a read-only connection to a WAL-mode database would otherwise create
///   `-wal` and `-shm` beside it. Should goose start in the middle of the read, the worst outcome is
///   an error or a missed row, never a write.
///
/// Both need SQLite's URI filenames; without them the database is not opened (its raw bytes are
/// still searched).
struct SessionDatabase {
    /// One text column of one row, with where it sits and when it was written.
    struct Cell {
        /// `messages[id=1042].content_json`
        var keyPath: String
        /// `in a message of session 20260101_1`
        var detail: String
        var since: String?
        var text: String
    }

    enum Failure: Error, CustomStringConvertible {
        case noURISupport

        var description: String { "this SQLite library does not accept URI filenames, needed for a read that changes nothing" }
    }

    /// The columns goose keeps conversations and recipes in (`session_manager.rs`, schema since
    /// v1.10); a missing one is reported, as the database may come from an older or newer goose.
    /// Every text column of every table is searched, so that a credential in a live row is never
    /// mistaken for a deleted one by the raw pass.
    static let expectedColumns: [(table: String, columns: [String])] = [
        ("messages", ["content_json"]),
        ("sessions", ["recipe_json", "user_recipe_values_json", "extension_data"]),
    ]

    /// Whether the linked SQLite treats `file:` names as URIs.
    static let acceptsURIs: Bool = {
        let probe = try? DatabaseQueue().read { try Bool.fetchOne($0, sql: "SELECT sqlite_compileoption_used('USE_URI')") }
        return (probe ?? nil) ?? false
    }()

    let queue: DatabaseQueue

    init(path: String) throws {
        guard Self.acceptsURIs else { throw Failure.noURISupport }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "goose-audit sessions.db (read-only)"
        configuration.busyMode = .timeout(2)
        // The database may be hostile: functions named in its schema do not run, corrupt cells are
        // caught, and virtual tables (module code) are never read (see `forEachCell`).
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON")
        }
        queue = try DatabaseQueue(path: Self.uri(path), configuration: configuration)
    }

    /// The URI that opens `path` read-only without touching it or its sidecars.
    static func uri(_ path: String) -> String {
        let hasWAL = access(path + "-wal", F_OK) == 0
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
        let escaped = path.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
        return "file:" + escaped + (hasWAL ? "?mode=ro&readonly_shm=1" : "?mode=ro&immutable=1")
    }

    /// Calls `body` for every non-empty text cell of every table, row by row (a cursor: memory does
    /// not grow with the database). Missing tables and columns, and unreadable tables, are passed to
    /// `missing`.
    func forEachCell(_ body: (Cell) -> Void, missing: (String) -> Void) throws {
        try queue.read { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name
                    """)
            for (table, wanted) in Self.expectedColumns {
                guard tables.contains(table) else {
                    missing("has no \(table) table (an older or newer schema?)")
                    continue
                }
                let present = Set(try db.columns(in: table).map(\.name))
                for absent in wanted where !present.contains(absent) {
                    missing("has no \(table).\(absent) column (an older or newer schema?)")
                }
            }
            let ordered = tables.filter { $0 == "messages" || $0 == "sessions" } + tables.filter { $0 != "messages" && $0 != "sessions" }
            for table in ordered {
                do {
                    try scan(db, table: table, body)
                } catch {
                    missing("table \(table) could not be read (\(error)); not searched")
                }
            }
        }
    }

    private func scan(_ db: Database, table: String, _ body: (Cell) -> Void) throws {
        let present = try db.columns(in: table).map(\.name)
        let isMessages = table == "messages"
        let idColumn = present.contains("id") ? "\"id\"" : "rowid"
        let sessionColumn = isMessages && present.contains("session_id") ? "session_id" : "NULL"
        let timeColumn = ["created_timestamp", "created_at", "timestamp"].first(where: present.contains) ?? "NULL"
        let list = present.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: ", ")
        let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let sql =
            "SELECT \(idColumn) AS goose_audit_id, \(sessionColumn) AS goose_audit_session, \(timeColumn) AS goose_audit_time, \(list) FROM \(quoted)"
        let rows = try Row.fetchCursor(db, sql: sql)
        while let row = try rows.next() {
            let id = Self.plain(row["goose_audit_id"]) ?? "?"
            let since = Self.plain(row["goose_audit_time"]).map(Timestamp.text)
            let detail: String
            switch table {
            case "messages": detail = "in a message of session \(Self.plain(row["goose_audit_session"]) ?? "?")"
            case "sessions": detail = "in session \(id)"
            default: detail = "in table \(table)"
            }
            for (index, column) in present.enumerated() {
                guard let text = Self.text(row[index + 3]), !text.isEmpty else { continue }
                body(Cell(keyPath: "\(table)[id=\(id)].\(column)", detail: detail + " (\(table).\(column))", since: since, text: text))
            }
        }
    }

    /// An id or timestamp as text.
    private static func plain(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .int64(let number): String(number)
        case .double(let number): String(Int64(number))
        case .string(let text): text
        default: nil
        }
    }

    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .string(let text): text
        case .blob(let data): String(decoding: data, as: UTF8.self)
        default: nil
        }
    }
}
