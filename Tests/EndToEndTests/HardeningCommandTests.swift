import Foundation
import GooseAuditTestSupport
import Testing

/// `fix`, `checklist` and `history` through the real binary.
@Suite(.serialized)
struct HardeningCommandTests {
    /// A home whose goose config has a world-readable secrets file.
    func home() throws -> FixtureTree {
        let tree = try FixtureTree("home")
        try tree.directory(".config", mode: 0o755)
        try tree.directory(".config/goose", mode: 0o755)
        try tree.file(".config/goose/secrets.yaml", "OPENAI_API_KEY: not-a-real-key\n", mode: 0o644)
        try tree.file(".config/goose/config.yaml", "GOOSE_MODE: approve\nextensions: {}\n", mode: 0o600)
        return tree
    }

    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func dryRunShowsThePlanAndChangesNothing() throws {
        let home = try home()
        let before = try Shell.run("/usr/bin/find", [home.root, "-printf", "%p %m %T@\\n"])
        let result = try Binary.run(["fix"], home: home.root, environment: ["XDG_STATE_HOME": home.path("state")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("chmod 0600 \(home.path(".config/goose/secrets.yaml"))"))
        #expect(result.stdout.contains("Dry run: nothing was changed"))
        #expect(try Shell.run("/usr/bin/find", [home.root, "-printf", "%p %m %T@\\n"]) == before)
    }

    @Test func applyThenUndo() throws {
        let home = try home()
        let env = ["XDG_STATE_HOME": home.path("state")]
        let applied = try Binary.run(["fix", "--apply", "--yes"], home: home.root, environment: env)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(try mode(home.path(".config/goose/secrets.yaml")) == 0o600)
        let rescan = try Binary.run([], home: home.root, environment: env)
        #expect(!rescan.stdout.contains("secrets_file_exposed"), "a re-scan shows the finding fixed")

        let journal = try #require(
            applied.stdout.split(separator: "\n").first { $0.hasPrefix("Undo with: ") }?.split(separator: " ").last.map(String.init))
        #expect(try mode(journal) == 0o600, "the journal is owner-only")
        #expect(try mode(home.path("state/goose-audit")) == 0o700)
        #expect(!(try String(contentsOfFile: journal, encoding: .utf8)).contains("not-a-real-key"))
        let undone = try Binary.run(["fix", "--undo", journal], home: home.root, environment: env)
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(try mode(home.path(".config/goose/secrets.yaml")) == 0o644)
    }

    @Test func checklistScoresAndRecordsHistory() throws {
        let home = try home()
        let env = ["XDG_STATE_HOME": home.path("state")]
        let risky = try Binary.run(["checklist", "--record"], home: home.root, environment: env)
        #expect(risky.status == 1)
        #expect(risky.stdout.contains("[FAIL] secrets_file_exposed"))
        #expect(risky.stdout.contains("fix: Run `chmod 600` on the file"))

        // Harden, change the configuration, and record again.
        try home.chmod(".config/goose/secrets.yaml", 0o600)
        try home.file(
            ".config/goose/config.yaml", "GOOSE_MODE: approve\nextensions:\n  evil:\n    type: stdio\n    cmd: npx\n    args: [x]\n",
            mode: 0o600)
        let second = try Binary.run(["checklist", "--record", "--format", "json"], home: home.root, environment: env)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let items = try #require(document["items"] as? [[String: Any]])
        #expect(items.contains { $0["id"] as? String == "drift_extension_added" && $0["status"] as? String == "fail" })
        #expect(items.contains { $0["id"] as? String == "secrets_file_exposed" && $0["status"] as? String == "pass" })

        let diff = try Binary.run(["history", "diff"], home: home.root, environment: env)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("Run 1 → run 2"))
        #expect(diff.stdout.contains("RESOLVED\n  critical secrets_file_exposed  goose:config/secrets.yaml"))
        let new = try #require(diff.stdout.components(separatedBy: "NEW\n").last?.components(separatedBy: "\n\n").first)
        #expect(new.contains("  medium   drift_extension_added  goose:config/config.yaml"))
        #expect(new.contains("extension_unpinned_package  goose:config/config.yaml"), "the new extension's own weaknesses are new too")
        let list = try Binary.run(["history"], home: home.root, environment: env)
        #expect(list.stdout.split(separator: "\n").count == 3, "a header and two runs: \(list.stdout)")
        #expect(try mode(home.path("state/goose-audit/history.sqlite")) == 0o600)
        let database = try Data(contentsOf: URL(fileURLWithPath: home.path("state/goose-audit/history.sqlite")))
        #expect(database.range(of: Data("not-a-real-key".utf8)) == nil, "history never holds a secret")
    }

    @Test func historyDiffNeedsTwoRuns() throws {
        let home = try FixtureTree("empty")
        let result = try Binary.run(["history", "diff"], home: home.root, environment: ["XDG_STATE_HOME": home.path("state")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("needs two recorded runs"))
    }

    @Test func recordedScansChartTheTrendInTheHTMLReport() throws {
        let home = try home()
        let out = try FixtureTree("trend-out")
        let env = ["XDG_STATE_HOME": home.path("state")]
        let first = try Binary.run(
            ["scan", "--record", "--format", "html", "--output", out.path("first.html")], home: home.root, environment: env)
        #expect(first.status == 1)
        #expect(!(try String(contentsOfFile: out.path("first.html"), encoding: .utf8)).contains("<h2>Trend</h2>"), "one run is no trend")
        try home.chmod(".config/goose/secrets.yaml", 0o600)
        _ = try Binary.run(
            ["scan", "--record", "--format", "html", "--output", out.path("second.html")], home: home.root, environment: env)
        let html = try String(contentsOfFile: out.path("second.html"), encoding: .utf8)
        #expect(html.contains("<h2>Trend</h2>"))
        #expect(html.contains("<title>run 2, "))
        #expect(html.components(separatedBy: "<circle ").count == 3, "one point per recorded run")
    }
}
