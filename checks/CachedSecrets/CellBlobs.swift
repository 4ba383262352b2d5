import GRDB
import GRDBSQLite

/// Reads text and blob cells of one rowid table through SQLite's incremental blob I/O
/// (`sqlite3_blob_open`, read-only), so that a cell of any size costs one window of memory: SQL
/// would hand over the whole value at once. One handle per column, moved from row to row.
final class CellBlobs {
    private let connection: OpaquePointer
    private let table: String
    private var handles: [String: OpaquePointer] = [:]

    /// Nil when the connection is closed.
    init?(_ db: Database, table: String) {
        guard let connection = db.sqliteConnection else { return nil }
        self.connection = connection
        self.table = table
    }

    deinit {
        for handle in handles.values { sqlite3_blob_close(handle) }
    }

    /// The size in bytes of `column` in row `rowid`, or nil when it cannot be opened (not text or
    /// blob, a generated column, a row gone); the handle then stays open for `read`.
    func open(_ column: String, rowid: Int64) -> Int? {
        if let handle = handles[column] {
            if sqlite3_blob_reopen(handle, rowid) == SQLITE_OK { return Int(sqlite3_blob_bytes(handle)) }
            sqlite3_blob_close(handle)
            handles[column] = nil
        }
        var handle: OpaquePointer?
        guard sqlite3_blob_open(connection, "main", table, column, rowid, 0, &handle) == SQLITE_OK, let handle else {
            if let handle { sqlite3_blob_close(handle) }
            return nil
        }
        handles[column] = handle
        return Int(sqlite3_blob_bytes(handle))
    }

    /// `count` bytes from `offset` of the cell last opened in `column`, or nil on an error.
    func read(_ column: String, from offset: Int, count: Int) -> [UInt8]? {
        guard let handle = handles[column], count > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let status = bytes.withUnsafeMutableBytes { sqlite3_blob_read(handle, $0.baseAddress, Int32(count), Int32(offset)) }
        return status == SQLITE_OK ? bytes : nil
    }
}
