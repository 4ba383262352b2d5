import Foundation
import GooseAuditCore
import GooseAuditReports
import GooseAuditTestSupport
import Testing

@testable import CachedSecretsChecks

/// Diagnostics bundles written by Python's zipfile (stored and deflated entries), and zip bombs.
struct DiagnosticsBundleTests {
    static let writer = """
        import sys, zipfile
        path, method = sys.argv[1], sys.argv[2]
        compression = zipfile.ZIP_DEFLATED if method == "deflate" else zipfile.ZIP_STORED
        with zipfile.ZipFile(path, "w", compression) as bundle:
            for pair in sys.argv[3:]:
                name, text = pair.split("=", 1)
                bundle.writestr(name, text)
        """

    @Test("entries are inflated in memory and each credential is located by entry, line and JSON key path")
    func deflatedEntries() throws {
        let tree = try FixtureTree("cached-bundle")
        let token = Fake.github(seed: 71)
        let key = Fake.openAI(seed: 72)
        let filler = String(repeating: "INFO goose::agent ready\n", count: 2000)
        try python(
            Self.writer,
            [
                tree.path("diagnostics_20260101_1.zip"), "deflate",
                "system.txt=goose 1.30.0\nlinux x86_64\n",
                "session.json={\"id\":\"20260101_1\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\(token)\"}]}]}",
                "logs/goosed.log=\(filler)DEBUG request OPENAI_API_KEY=\(key)\n",
                "logs/llm_request.0.jsonl={\"input\":{\"system\":\"hints\"}}\n{\"input\":{\"messages\":[{\"content\":\"\(token)\"}]}}\n",
            ])
        let result = Cached.scan(tree.root, role: .desktop)
        #expect(
            result.summary == [
                "diagnostics_20260101_1.zip#logs/goosed.log secret_in_diagnostics_bundle",
                "diagnostics_20260101_1.zip#session.json.messages[0].content[0].text secret_in_diagnostics_bundle",
            ])
        // The same token in a JSON Lines entry: located by the line it sits on.
        let tokenFinding = try #require(result.findings(of: token).first)
        #expect(
            tokenFinding.relatedLocations.map(CheckRunner.describe) == [
                "diagnostics_20260101_1.zip#logs/llm_request.0.jsonl.input.messages[0].content"
            ])
        let logFinding = try #require(result.findings(of: key).first)
        #expect(logFinding.message.contains("in entry logs/goosed.log line 2001"))
        #expect(result.notices.isEmpty, "\(result.notices)")
    }

    @Test("a zip bomb (a 200 MiB entry of zeros in a few hundred KiB) gives a notice, not an allocation")
    func declaredBomb() throws {
        let tree = try FixtureTree("cached-bomb")
        try python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as bundle:
                with bundle.open("logs/huge.log", "w", force_zip64=False) as entry:
                    block = bytes(1 << 20)
                    for _ in range(200):
                        entry.write(block)
            """, [tree.path("diagnostics_bomb.zip")])
        let result = Cached.scan(tree.root, role: .desktop)
        #expect(result.findings.isEmpty)
        let notice = try #require(result.notices.first { $0.path.hasSuffix("diagnostics_bomb.zip") })
        #expect(notice.message.contains("zip bomb"))
    }

    @Test("an entry that lies about its size is cut off while inflating")
    func lyingBomb() throws {
        let tree = try FixtureTree("cached-lying-bomb")
        let path = tree.path("diagnostics_liar.zip")
        try python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as bundle:
                bundle.writestr("logs/a.log", "A" * (20 << 20))
            """, [path])
        // Claim 1 KiB uncompressed in the central directory: only the inflate budget protects us.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let signature: [UInt8] = [0x50, 0x4B, 1, 2]
        let central = try #require((0..<(bytes.count - 4)).last { bytes[$0..<($0 + 4)].elementsEqual(signature) })
        bytes.replaceSubrange((central + 24)..<(central + 28), with: [0, 4, 0, 0])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var limits = ZipArchive.Limits()
        limits.maxEntryBytes = 1 << 20
        let archive = try ZipArchive(bytes, limits: limits)
        #expect(archive.entries.first?.size == 1024)
        var inflated = 0
        #expect(throws: ZipArchive.Failure.bomb(entry: "logs/a.log", reason: "inflates past the size limit")) {
            try archive.forEachEntry({ _, data in inflated += data.count }, skipped: { _ in })
        }
        #expect(inflated == 0)
    }

    @Test("a file that is not a zip, and a truncated one, give notices")
    func malformed() throws {
        let tree = try FixtureTree("cached-bad-zip")
        _ = try tree.file("diagnostics_text.zip", "hello, not a zip")
        let result = Cached.scan(tree.root, role: .desktop)
        #expect(result.notices.contains { $0.message.contains("is not a zip archive") })
    }
}
