import Foundation

extension FixtureTree {
    /// Builds an SQLite database at `relative` by running `sql` (through Python's `sqlite3`, as the
    /// other session-store fixtures are built), then applies `mode`.
    @discardableResult
    public func database(_ relative: String, sql: String, mode: mode_t = 0o600) throws -> String {
        let full = path(relative)
        let parent = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let script = "import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1])\ndb.executescript(sys.argv[2])\ndb.commit()\ndb.close()\n"
        try Shell.run("/usr/bin/python3", ["-c", script, full, sql])
        try chmod(relative, mode)
        return full
    }
}
