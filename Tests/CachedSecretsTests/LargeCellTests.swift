import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// A session database cell larger than the per-cell cap (1 MiB) is read in overlapping windows
/// through SQLite's blob I/O, never whole: a credential deep inside it and one across a window
/// boundary are each found once, at their byte offset; a small cell keeps its JSON key path.
struct LargeCellTests {
    static let script = """
        import sqlite3, sys
        path, deep, deep_at, straddling, straddling_at, small, without_rowid = sys.argv[1:]
        size = 3 * 1024 * 1024
        head, tail = '[{"type": "text", "text": "', '"}]'
        filler = "the quick brown fox jumps over the lazy dog " * (size // 44 + 1)
        content = head + filler[: size - len(head) - len(tail)] + tail
        for value, at in ((deep, int(deep_at)), (straddling, int(straddling_at))):
            content = content[: at - 1] + " " + value + " " + content[at + len(value) + 1 :]
        assert len(content) == size
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id TEXT, content_json TEXT, created_timestamp INTEGER)")
        db.execute("CREATE TABLE notes (name TEXT PRIMARY KEY, body TEXT) WITHOUT ROWID")
        db.execute("INSERT INTO messages VALUES (1, 's1', ?, 1767268800)", (content,))
        db.execute("INSERT INTO messages VALUES (2, 's1', ?, 1767268900)", ('[{"type": "text", "text": "key ' + small + '"}]',))
        db.execute("INSERT INTO notes VALUES ('n1', ?)", ("token " + without_rowid,))
        db.commit()
        """

    @Test("credentials in a cell over the cap are found once each, at their byte offset; small cells keep key paths")
    func chunkedCell() throws {
        let tree = try FixtureTree("cached-large-cell")
        _ = try tree.directory("sessions")
        let deep = Fake.github(seed: 61)
        let straddling = Fake.anthropic(seed: 62)
        let small = Fake.groq(seed: 63)
        let withoutRowid = Fake.github(seed: 64)
        let deepAt = 1_500_000
        // Starts 10 bytes before the end of the second 1 MiB chunk.
        let straddlingAt = 2 * 1_048_576 - 10
        try python(
            Self.script,
            [tree.path("sessions/sessions.db"), deep, String(deepAt), straddling, String(straddlingAt), small, withoutRowid])
        let result = Cached.scan(tree.root, role: .data)
        for (secret, offset) in [(deep, deepAt), (straddling, straddlingAt)] {
            let found = result.findings(of: secret).filter { $0.ruleID == "secret_in_session" }
            #expect(found.count == 1)
            let finding = try #require(found.first)
            #expect(CheckRunner.describe(finding.location) == "sessions/sessions.db#messages[id=1].content_json")
            #expect(finding.message.contains("at byte offset \(offset) of a 3145728-byte cell searched in chunks"), "\(finding.message)")
            #expect(!finding.message.contains("seen"), "\(finding.message)")
            #expect(finding.relatedLocations.isEmpty)
            #expect(!result.findings(of: secret).contains { $0.ruleID == "secret_in_deleted_session_data" })
        }
        let smallFinding = try #require(result.findings(of: small).first)
        #expect(CheckRunner.describe(smallFinding.location) == "sessions/sessions.db#messages[id=2].content_json[0].text")
        // A WITHOUT ROWID table has no blob I/O: it is read through SQL, whole.
        let other = try #require(result.findings(of: withoutRowid).first)
        #expect(CheckRunner.describe(other.location) == "sessions/sessions.db#notes[id=?].body")
        #expect(other.ruleID == "secret_in_session")
        let notice = try #require(result.notices.first { $0.message.contains("searched in chunks") })
        #expect(notice.message.hasPrefix("1 cell(s) larger than 1 MiB"), "\(notice.message)")
        for secret in [deep, straddling, small, withoutRowid] { #expect(!notice.message.contains(secret)) }
        #expect(!result.notices.contains { $0.kind == .unreadable }, "\(result.notices)")
    }
}
