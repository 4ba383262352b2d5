import Foundation
import GooseAuditTestSupport
import Testing

/// Issue 20 through the real binary: goose directories handed to another user, secrets behind a private parent,
/// and `fix` giving ownership back as root (apply, then undo, round-trips exactly).
@Suite(.serialized)
struct OwnershipTests {
    static let asRoot = geteuid() == 0 && getpwnam("nobody") != nil

    /// A home (owned by the test user) with goose's config, data and state directories.
    func home(foreign: String? = nil, configMode: mode_t = 0o600) throws -> FixtureTree {
        let tree = try FixtureTree("owner-home")
        for dir in [".config", ".local", ".local/share", ".local/state"] { try tree.directory(dir, mode: 0o755) }
        for dir in [".config/goose", ".local/share/goose", ".local/share/goose/sessions", ".local/state/goose", ".local/state/goose/logs"] {
            try tree.directory(dir, mode: 0o700)
        }
        try tree.file(".config/goose/config.yaml", "GOOSE_MODE: approve\nOPENAI_API_KEY: sk-FAKE-not-a-real-key-0000\n", mode: configMode)
        try tree.file(".config/goose/permission.yaml", "user:\n  ask_before: [developer__shell]\n", mode: 0o600)
        try tree.file(".local/share/goose/sessions/sessions.db", "SQLite format 3", mode: 0o600)
        try tree.file(".local/state/goose/logs/goose.log", "started\n", mode: 0o600)
        if let foreign { try tree.chown(foreign, "nobody") }
        return tree
    }

    func findings(_ tree: FixtureTree) throws -> [[String: Any]] {
        let result = try Binary.run(["scan", "--format", "json"], home: tree.root)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        return json["findings"] as? [[String: Any]] ?? []
    }

    func stat(_ path: String) -> (UInt32, UInt32, UInt32) {
        var info = Glibc.stat()
        lstat(path, &info)
        return (info.st_uid, info.st_gid, UInt32(info.st_mode))
    }

    @Test(
        "a foreign-owned goose directory is critical and names the files it hands over",
        .enabled(if: asRoot, "needs root and the nobody user to chown fixtures"),
        arguments: [
            (".config/goose", "config.yaml, permission.yaml"), (".local/share/goose", "sessions/sessions.db"),
            (".local/state/goose", "logs/goose.log"),
        ])
    func foreignDirectory(_ directory: String, _ named: String) throws {
        let tree = try home(foreign: directory)
        let hits = try findings(tree).filter { $0["rule_id"] as? String == "goose_directory_owned_by_other_user" }
        #expect(hits.count == 1)
        #expect(hits.first?["severity"] as? String == "critical")
        #expect((hits.first?["message"] as? String)?.contains("owned by nobody, not by root who runs goose") == true)
        #expect((hits.first?["message"] as? String)?.contains(named) == true, "\(hits)")
    }

    @Test("the safe twin (everything owned by the user, 0600 under 0700) yields nothing above low")
    func safeTwin() throws {
        let tree = try home()
        let bad = try findings(tree).filter {
            ["critical", "high", "medium"].contains($0["severity"] as? String ?? "") && ($0["category"] as? String) == "filesystem"
        }
        #expect(bad.isEmpty, "\(bad)")
    }

    @Test(
        "0644 and 0640 files with secrets under 0700 parents are latent: one level lower, naming the parent",
        .enabled(if: getgrnam("nogroup") != nil, "needs the nogroup group"),
        arguments: [(mode_t(0o644), "other"), (mode_t(0o640), "group")])
    func latentSecrets(_ mode: mode_t, _ principal: String) throws {
        let tree = try home(configMode: mode)
        try tree.chmod(".local/share/goose/sessions/sessions.db", mode)
        // The files' group is one the owner is alone in otherwise; nogroup makes 0640 a real grant.
        try Shell.run(
            "/bin/chgrp", ["nogroup", tree.path(".config/goose/config.yaml"), tree.path(".local/share/goose/sessions/sessions.db")])
        let all = try findings(tree)
        let config = all.filter { $0["rule_id"] as? String == "policy_file_secret_readable" }
        #expect(config.map { $0["severity"] as? String } == ["medium"], "\(all)")
        #expect((config.first?["message"] as? String)?.contains("but goose:config keeps them out for now") == true)
        #expect((config.first?["message"] as? String)?.contains(principal) == true)
        let db = all.filter {
            $0["rule_id"] as? String == "sensitive_file_exposed" && ($0["path"] as? String)?.hasSuffix("sessions.db") == true
        }
        #expect(db.map { $0["severity"] as? String } == ["medium"], "high, one level lower")

        // Open the parent: the same files are reported at their direct severity.
        try tree.chmod(".config/goose", 0o755)
        let direct = try findings(tree).filter { $0["rule_id"] as? String == "policy_file_secret_readable" }
        #expect(direct.map { $0["severity"] as? String } == ["high"])
    }

    @Test(
        "fix --apply as root gives a foreign-owned directory back; fix --undo restores ownership exactly",
        .enabled(if: asRoot, "needs root and the nobody user to chown fixtures"))
    func chownRoundTrip() throws {
        let tree = try home(foreign: ".config/goose")
        try tree.chown(".config/goose/config.yaml", "nobody")
        let env = ["XDG_STATE_HOME": tree.path("audit-state")]
        let paths = [tree.path(".config/goose"), tree.path(".config/goose/config.yaml")]
        let before = paths.map(stat)
        #expect(before.allSatisfy { $0.0 != 0 })

        let plan = try Binary.run(["fix"], home: tree.root, environment: env)
        #expect(plan.stdout.contains("chown root \(tree.path(".config/goose"))   (was nobody)"), "\(plan.stdout)")
        #expect(paths.map(stat).elementsEqual(before, by: ==), "a dry run changes nothing")

        let applied = try Binary.run(["fix", "--apply", "--yes"], home: tree.root, environment: env)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(paths.map(stat).allSatisfy { $0.0 == 0 }, "owned by the home's owner again")
        let journal = try #require(
            applied.stdout.split(separator: "\n").first { $0.hasPrefix("Undo with: ") }?.split(separator: " ").last.map(String.init))
        #expect(try String(contentsOfFile: journal, encoding: .utf8).contains("\"newUID\""))

        let undone = try Binary.run(["fix", "--undo", journal], home: tree.root, environment: env)
        #expect(undone.status == 0, "\(undone.stdout)\(undone.stderr)")
        #expect(paths.map(stat).elementsEqual(before, by: ==), "owner, group and mode exactly as before")
    }

    @Test("as a normal user the chown stays a manual step", .enabled(if: asRoot, "needs root to build the fixture"))
    func manualAsUser() throws {
        let tree = try home(foreign: ".config/goose")
        try Shell.run("/bin/chmod", ["755", tree.root, tree.path(".config")])
        try Shell.run("/bin/chmod", ["755", tree.path(".config/goose")])
        let plan = try Binary.run(["fix"], home: tree.root, environment: ["XDG_STATE_HOME": "/tmp/unused-state"], asNobody: true)
        #expect(!plan.stdout.contains("chown root"), "\(plan.stdout)")
        #expect(plan.stdout.contains("goose_directory_owned_by_other_user"), "\(plan.stdout)\(plan.stderr)")
    }
}
