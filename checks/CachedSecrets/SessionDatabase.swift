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
    /// One text or blob column of one row (or one window of it), with where it sits and when it
    /// was written.
    struct Cell {
        /// `messages[id=1042].content_json`
        var keyPath: String
        /// `in a message of session 20260101_1`
        var detail: String
        var since: String?
        var bytes: [UInt8]
        /// Nil: `bytes` is the whole cell. Otherwise the cell is larger than `cellCap` and `bytes`
        /// is one window of it.
        var window: Window?
    }

    /// Where a window sits in a cell searched in chunks. Windows overlap their neighbours by
    /// `overlap` bytes on each side, so a credential across a chunk boundary is whole in one of
    /// them; a match belongs to the window whose `owned` range holds its first byte (found once).
    struct Window {
        /// The cell offset of the window's first byte.
        var start: Int
        var owned: Range<Int>
        var cellSize: Int
    }

    /// Cells larger than this (the size up to which a JSON key path is worked out) are read in
    /// windows of this size plus the overlaps, never whole.
    static let cellCap = JSONLocator.parseLimit
    /// Longer than any credential the rules match (PEM keys included).
    static let overlap = 64 << 10

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

    /// Calls `body` for every non-empty text or blob cell of every table, row by row (a cursor:
    /// memory does not grow with the database), and window by window in a cell larger than
    /// `cellCap` (memory does not grow with the cell either). Missing tables and columns, and
    /// unreadable tables, are passed to `missing`. Returns how many cells were searched in chunks.
    func forEachCell(_ body: (Cell) -> Void, missing: (String) -> Void) throws -> Int {
        try queue.read { db in
            var chunked = 0
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
                    chunked += try scan(db, table: table, body)
                } catch {
                    missing("table \(table) could not be read (\(error)); not searched")
                }
            }
            return chunked
        }
    }

    private func scan(_ db: Database, table: String, _ body: (Cell) -> Void) throws -> Int {
        let present = try db.columns(in: table).map(\.name)
        let isMessages = table == "messages"
        let quote = { (name: String) in "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let quoted = quote(table)
        // A rowid table is read through blob I/O: SQL fetches only each cell's type (which does not
        // load its content). A WITHOUT ROWID table (goose has none) is read whole, as SQL gives it;
        // so is a UTF-16 database (blob I/O would hand over UTF-16 bytes).
        var rowidName = ["rowid", "_rowid_", "oid"].first { name in !present.contains { $0.lowercased() == name } }
        if let name = rowidName, (try? db.makeStatement(sql: "SELECT \(name) FROM \(quoted) LIMIT 0")) == nil { rowidName = nil }
        let utf8 = try String.fetchOne(db, sql: "PRAGMA encoding") == "UTF-8"
        let blobs = rowidName == nil || !utf8 ? nil : CellBlobs(db, table: table)
        let idColumn = present.contains("id") ? "\"id\"" : rowidName ?? "NULL"
        let sessionColumn = isMessages && present.contains("session_id") ? "session_id" : "NULL"
        let timeColumn = ["created_timestamp", "created_at", "timestamp"].first(where: present.contains) ?? "NULL"
        let list = present.map { blobs == nil ? quote($0) : "typeof(\(quote($0)))" }.joined(separator: ", ")
        let sql =
            "SELECT \(idColumn) AS goose_audit_id, \(sessionColumn) AS goose_audit_session, \(timeColumn) AS goose_audit_time, "
            + "\(blobs == nil ? "NULL" : rowidName ?? "NULL") AS goose_audit_rowid, \(list) FROM \(quoted)"
        let rows = try Row.fetchCursor(db, sql: sql)
        var chunked = 0
        while let row = try rows.next() {
            let id = Self.plain(row["goose_audit_id"]) ?? "?"
            let since = Self.plain(row["goose_audit_time"]).map(Timestamp.text)
            let detail: String
            switch table {
            case "messages": detail = "in a message of session \(Self.plain(row["goose_audit_session"]) ?? "?")"
            case "sessions": detail = "in session \(id)"
            default: detail = "in table \(table)"
            }
            let rowid: Int64? = row["goose_audit_rowid"]
            for (index, column) in present.enumerated() {
                var cell = Cell(
                    keyPath: "\(table)[id=\(id)].\(column)", detail: detail + " (\(table).\(column))", since: since, bytes: [])
                guard let blobs, let rowid else {
                    guard let text = Self.text(row[index + 4]), !text.isEmpty else { continue }
                    cell.bytes = Array(text.utf8)
                    body(cell)
                    continue
                }
                let type: String? = row[index + 4]
                guard type == "text" || type == "blob" else { continue }
                guard let size = blobs.open(column, rowid: rowid) else {
                    // Not readable as a blob (a generated column): what SQL gives, whole.
                    let sql = "SELECT \(quote(column)) FROM \(quoted) WHERE \(rowidName ?? "rowid") = ?"
                    guard let text = try DatabaseValue.fetchOne(db, sql: sql, arguments: [rowid]).flatMap(Self.text), !text.isEmpty
                    else { continue }
                    cell.bytes = Array(text.utf8)
                    body(cell)
                    continue
                }
                if size > Self.cellCap { chunked += 1 }
                try Self.windows(of: size) { window in
                    guard let bytes = blobs.read(column, from: window.start, count: window.count) else {
                        throw DatabaseError(resultCode: .SQLITE_ERROR, message: "a cell of \(table).\(column) could not be read")
                    }
                    cell.bytes = bytes
                    cell.window = size > Self.cellCap ? Window(start: window.start, owned: window.owned, cellSize: size) : nil
                    body(cell)
                }
            }
        }
        return chunked
    }

    /// The windows a cell of `size` bytes is read in: one for a cell up to `cellCap`.
    static func windows(of size: Int, _ body: ((start: Int, count: Int, owned: Range<Int>)) throws -> Void) throws {
        var owned = 0
        while owned < size {
            let start = max(0, owned - overlap)
            let end = min(size, owned + cellCap + overlap)
            try body((start, end - start, owned..<min(size, owned + cellCap)))
            owned += cellCap
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
