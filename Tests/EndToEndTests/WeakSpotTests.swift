import Foundation
import GooseAuditTestSupport
import Testing

/// Issue 21, item 8: the weak spots, through the real binary.
@Suite(.serialized)
struct WeakSpotTests {
    static let token = "ghp_" + "Xk2pQ9rT4vW7yZ1bN3mC5dF8gH0jL6sA9eR2"

    @Test("a state directory owned by another user, or writable by others, is refused")
    func stateDirectoryRefused() throws {
        let home = try FixtureTree("state-dir")
        let foreign = try home.directory("foreign", mode: 0o700)
        try Shell.run("/bin/chown", ["nobody", foreign])
        let byOther = try Binary.run(["history", "--state-dir", foreign], home: home.root)
        #expect(byOther.status == 2 && byOther.stderr.contains("not by this user"), "\(byOther.stderr)")
        let open = try home.directory("open", mode: 0o777)
        try home.chmod("open", 0o777)
        let writable = try Binary.run(["scan", "--record", "--state-dir", open, home.root], home: home.root)
        #expect(writable.status == 2 && writable.stderr.contains("can be written by group or others"), "\(writable.stderr)")
    }

    @Test("history list and diff create no database")
    func historyReadsOnly() throws {
        let home = try FixtureTree("history-ro")
        let env = ["XDG_STATE_HOME": home.path("state")]
        let list = try Binary.run(["history"], home: home.root, environment: env)
        #expect(list.status == 0 && list.stdout.contains("No recorded runs"))
        let diff = try Binary.run(["history", "diff"], home: home.root, environment: env)
        #expect(diff.status == 2)
        #expect(!FileManager.default.fileExists(atPath: home.path("state")), "nothing was created")
    }

    @Test("checklist and fix exit 2 on a missing path")
    func missingPath() throws {
        let home = try FixtureTree("missing-path")
        for command in [["checklist"], ["fix"]] {
            let result = try Binary.run(command + [home.path("no-such-dir")], home: home.root)
            #expect(result.status == 2, "\(command): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("no-such-dir"))
        }
    }

    @Test("UTF-16 files and files with a stray NUL are decoded, with a notice, never skipped silently")
    func encodings() throws {
        let tree = try FixtureTree("encodings")
        let text = "GITHUB_TOKEN=\(Self.token)\n"
        var le: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { le += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try tree.file("utf16.env", bytes: le)
        var be: [UInt8] = []
        for unit in text.utf16 { be += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        try tree.file("utf16be-nobom.txt", bytes: be)
        try tree.file("nul.txt", bytes: Array("header\0\n".utf8) + Array(text.utf8))
        let result = try Binary.run([tree.root, "--format", "json"], home: tree.root)
        for name in ["utf16.env", "utf16be-nobom.txt", "nul.txt"] {
            #expect(result.stdout.contains("\"path\" : \"\(name)\""), "\(name) was searched")
        }
        #expect(result.stdout.contains("decoded as UTF-16LE") && result.stdout.contains("decoded as UTF-16BE"))
        #expect(result.stdout.contains("holds NUL bytes; read as text"))
        #expect(!result.stdout.contains(Self.token))
    }

    @Test("an in-repository exclude that leaves nothing to scan is an error")
    func excludeEverything() throws {
        let tree = try FixtureTree("exclude-all")
        try tree.file(".env", "GITHUB_TOKEN=\(Self.token)\n")
        try tree.file(".goose-audit.yaml", "exclude: [\"**\"]\n")
        let result = try Binary.run([tree.root], home: tree.root)
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stderr.contains("exclude leaves nothing to scan"))
    }

    @Test("Markdown output escapes @mentions")
    func markdownMentions() throws {
        let tree = try FixtureTree("mentions")
        try tree.file("@octocat.env", "GITHUB_TOKEN=\(Self.token)\n")
        let result = try Binary.run([tree.root, "--format", "markdown"], home: tree.root)
        #expect(result.stdout.contains("@&#8203;octocat"), "\(result.stdout)")
        #expect(!result.stdout.contains("@octocat"))
    }

    @Test("--output never follows a symlinked parent directory")
    func outputParentSymlink() throws {
        let tree = try FixtureTree("output-parent")
        let elsewhere = try FixtureTree("output-elsewhere")
        try tree.directory("repo")
        try tree.file("repo/.env", "GITHUB_TOKEN=\(Self.token)\n")
        try tree.directory("out")
        try tree.symlink("out/reports", to: elsewhere.root)
        let result = try Binary.run(
            [tree.path("repo"), "--format", "json", "--output", tree.path("out/reports/report.json")], home: tree.root)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("is a symlink"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.root).isEmpty, "nothing was written through the link")
    }
}
