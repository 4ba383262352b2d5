import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// Issue 14 point 6: the per-session mode goose stores in `sessions.db` (`sessions.goose_mode`),
/// read from real SQLite files built here in goose's schema (WAL mode, as goose keeps it); goose is
/// never run.
struct SessionModeTests {
    /// Builds `<data>/<relative>` with the sessions table of goose's schema v8+ (or without the
    /// `goose_mode` column: an older goose) and the given `(id, mode)` rows.
    static func database(_ tree: FixtureTree, _ relative: String, sessions: [(String, String)], withMode: Bool = true) throws {
        let mode = withMode ? ", goose_mode TEXT NOT NULL DEFAULT 'auto'" : ""
        var sql = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY);
            INSERT INTO schema_version (version) VALUES (\(withMode ? 10 : 7));
            CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
                session_type TEXT NOT NULL DEFAULT 'user', working_dir TEXT NOT NULL,
                created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                extension_data TEXT DEFAULT '{}', recipe_json TEXT, user_recipe_values_json TEXT\(mode));
            CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, role TEXT NOT NULL,
                content_json TEXT NOT NULL, created_timestamp INTEGER NOT NULL);

            """
        for (id, value) in sessions {
            sql +=
                withMode
                ? "INSERT INTO sessions (id, working_dir, goose_mode) VALUES ('\(id)', '/home/dev', '\(value)');\n"
                : "INSERT INTO sessions (id, working_dir) VALUES ('\(id)', '/home/dev');\n"
        }
        try tree.database(relative, sql: sql)
    }

    func scan(_ tree: FixtureTree) -> [Finding] {
        Cached.scan(tree.root, role: .data).findings.filter { $0.ruleID == "session_mode_auto" }
    }

    @Test("sessions stored in auto mode are reported once per database, medium, naming the sessions")
    func autoSessions() throws {
        let tree = try FixtureTree("session-mode")
        try tree.directory("", mode: 0o700)
        let sessions = (1...7).map { ("20260901_\($0)", $0 == 3 ? "smart_approve" : "auto") } + [("20260902_1", "AUTO")]
        try Self.database(tree, "sessions/sessions.db", sessions: sessions)
        try Self.database(tree, "backups/sessions_20260901.db", sessions: [("20250101_1", "auto"), ("20250101_2", "chat")])
        let findings = scan(tree).sorted { $0.location.path < $1.location.path }
        #expect(
            findings.map(\.location.path) == ["backups/sessions_20260901.db", "sessions/sessions.db"], "\(findings.map(\.location.path))")
        #expect(
            findings.allSatisfy { $0.severity == .medium && $0.category == .permissions && $0.location.keyPath == "sessions.goose_mode" })
        let live = try #require(findings.last)
        #expect(
            live.message.hasPrefix(
                "7 of 8 stored sessions have mode auto (20260901_1, 20260901_2, 20260901_4, 20260901_5, 20260901_6 and 2 more)"),
            "\(live.message)")
        #expect(findings.first?.message.hasPrefix("1 of 2 stored sessions have mode auto (20250101_1)") == true)
        // Read without a byte changed: no WAL or shared memory is left beside the database.
        #expect(!FileManager.default.fileExists(atPath: tree.path("sessions/sessions.db-shm")))
    }

    @Test("safe twins: approve-mode sessions, and a database from before goose stored a mode")
    func safeTwins() throws {
        let tree = try FixtureTree("session-mode-safe")
        try tree.directory("", mode: 0o700)
        try Self.database(
            tree, "sessions/sessions.db", sessions: [("20260901_1", "approve"), ("20260901_2", "smart_approve"), ("20260901_3", "chat")])
        try Self.database(tree, "backups/old.db", sessions: [("20250101_1", "")], withMode: false)
        #expect(scan(tree).isEmpty)
        let result = Cached.scan(tree.root, role: .data)
        #expect(!result.notices.contains { $0.kind == .unreadable }, "\(result.notices)")
    }

    @Test("both session readers share one guarded read: a FIFO sidecar keeps SQLite away, a broken database is a notice each")
    func guardedRead() throws {
        let tree = try FixtureTree("session-mode-guarded")
        try tree.directory("", mode: 0o700)
        try Self.database(tree, "sessions/sessions.db", sessions: [("20260901_1", "auto")])
        try tree.fifo("sessions/sessions.db-journal")
        let blocked = Cached.scan(tree.root, role: .data)
        #expect(!blocked.findings.contains { $0.ruleID == "session_mode_auto" })
        #expect(
            blocked.notices.contains {
                $0.kind == .specialFile && $0.path.hasSuffix("sessions.db-journal") && $0.message.contains("SQLite")
            },
            "\(blocked.notices)")

        let broken = try FixtureTree("session-mode-broken")
        try broken.directory("", mode: 0o700)
        try broken.file("sessions/sessions.db", String(repeating: "not an SQLite database\n", count: 200), mode: 0o600)
        let notices = Cached.scan(broken.root, role: .data).notices.filter { $0.kind == .unreadable }.map(\.message)
        for skipped in ["session modes not checked", "only its raw bytes were searched"] {
            #expect(notices.contains { $0.hasPrefix("cannot be read as an SQLite database") && $0.hasSuffix(skipped) }, "\(notices)")
        }
    }
}
