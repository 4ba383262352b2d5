import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// The binary run as `nobody` over caches it can partly read: notices for what it cannot read,
/// findings for what it can, never a crash.
struct UnprivilegedTests {
    @Test(
        "unreadable session database and request log give notices; a readable WAL is still searched",
        .enabled(if: TestEnvironment.canDropPrivileges, "skipped: running as nobody needs root and setpriv"))
    func partlyReadable() throws {
        let tree = try FixtureTree("cached-nobody")
        let home = "home"
        for directory in [
            home, "\(home)/.local", "\(home)/.local/share", "\(home)/.local/share/goose",
            "\(home)/.local/share/goose/sessions", "\(home)/.local/state", "\(home)/.local/state/goose",
            "\(home)/.local/state/goose/logs",
        ] {
            _ = try tree.directory(directory, mode: 0o755)
        }
        let key = Fake.github(seed: 65)
        let hidden = Fake.github(seed: 66)
        try python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, content_json TEXT)")
            db.execute("INSERT INTO messages VALUES (1, ?)", ('"' + sys.argv[2] + '"',))
            db.commit()
            """, [tree.path("\(home)/.local/share/goose/sessions/sessions.db"), hidden])
        try tree.chmod("\(home)/.local/share/goose/sessions/sessions.db", 0o600)
        _ = try tree.file("\(home)/.local/share/goose/sessions/sessions.db-wal", "frame \(key)\n", mode: 0o644)
        _ = try tree.file("\(home)/.local/state/goose/logs/llm_request.0.jsonl", "{\"input\":\"\(hidden)\"}\n", mode: 0o600)

        let result = try Binary.run(["scan", tree.path(home), "--format", "json"], home: "/nonexistent", directory: "/", asNobody: true)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!result.stdout.contains(key) && !result.stderr.contains(key))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let notices = try #require(report["notices"] as? [[String: Any]])
        let noticed = Set(notices.compactMap { ($0["path"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } })
        #expect(noticed.isSuperset(of: ["sessions.db", "llm_request.0.jsonl"]), "\(notices)")
        let findings = try #require(report["findings"] as? [[String: Any]])
        let cached = findings.filter { $0["category"] as? String == "cached-secrets" }
        #expect(cached.map { $0["rule_id"] as? String } == ["secret_in_deleted_session_data"])
    }
}
