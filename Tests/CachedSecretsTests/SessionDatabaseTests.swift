import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// A `sessions.db` with goose's schema, in WAL mode, copied while its writer is still open (as a
/// backup taken while goose runs would be): live keys in a message and in recipe values, one key
/// whose session was deleted after a checkpoint (free pages of the main file) and one whose message
/// was deleted before any checkpoint (old WAL frames only).
struct SessionDatabaseTests {
    static let script = """
        import shutil, sqlite3, sys, json
        work, target, live_message, recipe_value, deleted_checkpointed, deleted_in_wal, wal_only_live = sys.argv[1:]
        db = sqlite3.connect(work + "/sessions.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA secure_delete=OFF")
        db.execute("PRAGMA wal_autocheckpoint=0")
        db.executescript('''
        CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
            user_set_name BOOLEAN DEFAULT FALSE, session_type TEXT NOT NULL DEFAULT 'user', working_dir TEXT NOT NULL,
            created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            extension_data TEXT DEFAULT '{}', total_tokens INTEGER, input_tokens INTEGER, output_tokens INTEGER,
            accumulated_total_tokens INTEGER, accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER,
            schedule_id TEXT, recipe_json TEXT, user_recipe_values_json TEXT, provider_name TEXT, model_config_json TEXT);
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, role TEXT NOT NULL,
            content_json TEXT NOT NULL, created_timestamp INTEGER NOT NULL, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            tokens INTEGER, metadata_json TEXT);
        CREATE INDEX idx_messages_session ON messages(session_id);
        INSERT INTO schema_version (version) VALUES (6);
        ''')
        def text(value):
            return json.dumps([{"type": "text", "text": "here is the key " + value}])
        db.execute("INSERT INTO sessions (id, name, working_dir, recipe_json, user_recipe_values_json) VALUES (?, ?, ?, ?, ?)",
            ("20260101_1", "deploy", "/home/dev", json.dumps({"title": "deploy", "parameters": [{"key": "api_key"}]}),
             json.dumps({"api_key": recipe_value})))
        db.execute("INSERT INTO messages (id, message_id, session_id, role, content_json, created_timestamp) VALUES (1042, 'm1', '20260101_1', 'user', ?, 1767268800)", (text(live_message),))
        db.execute("INSERT INTO sessions (id, name, working_dir) VALUES ('20260101_2', 'old', '/home/dev')")
        db.execute("INSERT INTO messages (session_id, role, content_json, created_timestamp) VALUES ('20260101_2', 'user', ?, 1767268900)", (text(deleted_checkpointed),))
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("DELETE FROM messages WHERE session_id = '20260101_2'")
        db.execute("DELETE FROM sessions WHERE id = '20260101_2'")
        db.execute("INSERT INTO messages (session_id, role, content_json, created_timestamp) VALUES ('20260101_1', 'user', ?, 1767269000)", (text(deleted_in_wal),))
        db.execute("DELETE FROM messages WHERE content_json LIKE ?", ("%" + deleted_in_wal + "%",))
        db.execute("INSERT INTO messages (session_id, role, content_json, created_timestamp) VALUES ('20260101_1', 'assistant', ?, 1767269100)", (text(wal_only_live),))
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(work + "/sessions.db" + suffix, target + "/sessions.db" + suffix)
        db.close()
        """

    static let liveMessage = Fake.github(seed: 41)
    static let recipeValue = Fake.anthropic(seed: 42)
    static let deletedCheckpointed = Fake.openAI(seed: 43)
    static let deletedInWAL = Fake.groq(seed: 44)
    static let walOnlyLive = Fake.github(seed: 45)

    /// The data root and the scan result.
    static func scanned() throws -> (FixtureTree, ScanResult, before: [String], after: [String]) {
        let tree = try FixtureTree("cached-sessions")
        _ = try tree.directory("sessions")
        let work = try FixtureTree("cached-sessions-work")
        try python(script, [work.root, tree.path("sessions"), liveMessage, recipeValue, deletedCheckpointed, deletedInWAL, walOnlyLive])
        let files = ["sessions.db", "sessions.db-wal", "sessions.db-shm"].map { tree.path("sessions/" + $0) }
        let before = files.map(fileDigest)
        let result = Cached.scan(tree.root, role: .data)
        return (tree, result, before, files.map(fileDigest))
    }

    @Test("live credentials are found in message content and recipe values, with table, session, message and time")
    func liveRows() throws {
        let (_, result, _, _) = try Self.scanned()
        let message = try #require(result.findings(of: Self.liveMessage).first { $0.ruleID == "secret_in_session" })
        #expect(CheckRunner.describe(message.location) == "sessions/sessions.db#messages[id=1042].content_json[0].text")
        #expect(message.message.contains("in a message of session 20260101_1"))
        #expect(message.message.contains("since 2026-01-01T12:00:00Z"))
        let recipe = try #require(result.findings(of: Self.recipeValue).first)
        #expect(recipe.ruleID == "secret_in_session")
        #expect(CheckRunner.describe(recipe.location) == "sessions/sessions.db#sessions[id=20260101_1].user_recipe_values_json.api_key")
        // A row that lives only in the WAL is read through SQLite like any other.
        let walLive = try #require(result.findings(of: Self.walOnlyLive).first)
        #expect(walLive.ruleID == "secret_in_session")
        #expect(walLive.location.keyPath?.hasPrefix("messages[id=") == true)
        // Live values are never reported again as deleted leftovers.
        for secret in [Self.liveMessage, Self.recipeValue, Self.walOnlyLive] {
            #expect(!result.findings(of: secret).contains { $0.ruleID == "secret_in_deleted_session_data" })
        }
        #expect(!result.notices.contains { $0.path.hasSuffix("sessions.db") && $0.kind == .unreadable }, "\(result.notices)")
    }

    @Test("credentials of deleted rows are found in free pages and in the WAL")
    func deletedRows() throws {
        let (_, result, _, _) = try Self.scanned()
        let checkpointed = result.findings(of: Self.deletedCheckpointed)
        #expect(checkpointed.contains { $0.ruleID == "secret_in_deleted_session_data" && $0.location.path == "sessions/sessions.db" })
        #expect(checkpointed.allSatisfy { $0.message.contains("after its row was deleted") && $0.message.contains("byte offset") })
        let inWAL = result.findings(of: Self.deletedInWAL)
        #expect(inWAL.contains { $0.ruleID == "secret_in_deleted_session_data" && $0.location.path == "sessions/sessions.db-wal" })
        #expect(!inWAL.contains { $0.ruleID == "secret_in_session" })
        #expect(!checkpointed.contains { $0.ruleID == "secret_in_session" })
    }

    @Test("the database, its WAL and its shared memory are byte-for-byte unchanged by the scan")
    func readOnly() throws {
        let (tree, _, before, after) = try Self.scanned()
        #expect(!before.contains("absent"), "the fixture should have a WAL and a shared-memory file")
        #expect(before == after)
        let names = try FileManager.default.contentsOfDirectory(atPath: tree.path("sessions")).sorted()
        #expect(names == ["sessions.db", "sessions.db-shm", "sessions.db-wal"])
    }

    @Test("a database without the messages table is read as far as it goes, with a notice")
    func olderSchema() throws {
        let tree = try FixtureTree("cached-schema")
        _ = try tree.directory("sessions")
        let secret = Fake.github(seed: 46)
        try python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, working_dir TEXT, extension_data TEXT)")
            db.execute("INSERT INTO sessions VALUES ('s1', '/tmp', ?)", ('{"todo": {"note": "token ' + sys.argv[2] + '"}}',))
            db.commit()
            """, [tree.path("sessions/sessions.db"), secret])
        let result = Cached.scan(tree.root, role: .data)
        #expect(result.notices.contains { $0.message.contains("no messages table") })
        #expect(result.notices.contains { $0.message.contains("no sessions.recipe_json column") })
        #expect(result.findings.count == 1)
        let finding = try #require(result.findings(of: secret).first)
        #expect(CheckRunner.describe(finding.location) == "sessions/sessions.db#sessions[id=s1].extension_data.todo.note")
    }

    @Test("a file named sessions.db that is not SQLite gives a notice and its bytes are still searched")
    func notSQLite() throws {
        let tree = try FixtureTree("cached-not-sqlite")
        _ = try tree.directory("sessions")
        let secret = Fake.github(seed: 47)
        _ = try tree.file("sessions/sessions.db", "not a database " + secret + "\n")
        let result = Cached.scan(tree.root, role: .data)
        #expect(result.notices.contains { $0.path.hasSuffix("sessions.db") && $0.message.contains("SQLite") })
        #expect(result.findings(of: secret).map(\.ruleID) == ["secret_in_deleted_session_data"])
    }
}

struct ClosedDatabaseTests {
    @Test("a WAL-mode database closed by goose (no -wal, no -shm) is read without creating them")
    func noSidecarsCreated() throws {
        let tree = try FixtureTree("cached-closed")
        _ = try tree.directory("sessions")
        let secret = Fake.github(seed: 48)
        try python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id TEXT, content_json TEXT, created_timestamp INTEGER)")
            db.execute("INSERT INTO messages VALUES (7, 's1', ?, 1767268800)", ('[{"type":"text","text":"' + sys.argv[2] + '"}]',))
            db.close()
            """, [tree.path("sessions/sessions.db"), secret])
        let before = fileDigest(tree.path("sessions/sessions.db"))
        let result = Cached.scan(tree.root, role: .data)
        #expect(fileDigest(tree.path("sessions/sessions.db")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.path("sessions")) == ["sessions.db"])
        let finding = try #require(result.findings(of: secret).first)
        #expect(CheckRunner.describe(finding.location) == "sessions/sessions.db#messages[id=7].content_json[0].text")
    }
}

struct EveryColumnTests {
    @Test("a live credential outside goose's conversation columns is reported as live, not as deleted")
    func otherColumns() throws {
        let tree = try FixtureTree("cached-columns")
        _ = try tree.directory("sessions")
        let secret = Fake.github(seed: 49)
        try python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, description TEXT, recipe_json TEXT, user_recipe_values_json TEXT, extension_data TEXT)")
            db.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id TEXT, content_json TEXT, metadata_json TEXT, created_timestamp INTEGER)")
            db.execute("INSERT INTO sessions (id, description) VALUES ('s9', ?)", ('set up ' + sys.argv[2],))
            db.commit()
            """, [tree.path("sessions/sessions.db"), secret])
        let result = Cached.scan(tree.root, role: .data)
        #expect(result.summary == ["sessions/sessions.db#sessions[id=s9].description secret_in_session"])
    }
}

struct HostileDatabaseTests {
    @Test("virtual tables are not read, and a corrupt database gives a notice, not a crash")
    func hostile() throws {
        let tree = try FixtureTree("cached-hostile")
        _ = try tree.directory("sessions")
        let secret = Fake.github(seed: 50)
        try python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id TEXT, content_json TEXT, created_timestamp INTEGER)")
            db.execute("CREATE VIRTUAL TABLE notes USING fts5(body)")
            db.execute("INSERT INTO notes (body) VALUES (?)", ('token ' + sys.argv[2],))
            db.commit()
            """, [tree.path("sessions/sessions.db"), secret])
        let result = Cached.scan(tree.root, role: .data)
        // The FTS shadow tables are plain tables: the value is still found, but through them.
        let found = result.findings(of: secret)
        #expect(found.allSatisfy { $0.location.keyPath?.hasPrefix("notes[") != true })
        #expect(!result.notices.contains { $0.kind == .unreadable }, "\(result.notices)")

        // Corrupt the b-tree pages after the header: the scan goes on with a notice.
        let path = tree.path("sessions/sessions.db")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for index in 100..<min(bytes.count, 8192) { bytes[index] = 0xA5 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let corrupt = Cached.scan(tree.root, role: .data)
        #expect(corrupt.notices.contains { $0.path.hasSuffix("sessions.db") })
    }
}
