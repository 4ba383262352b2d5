import Foundation
import GooseAuditTestSupport
import Testing

/// Issue 20 point 1, "the user named by the scan": `--goose-user NAME|UID` and `goose_user:` replace the
/// owner of the home as the user goose runs as, through the real binary.
@Suite(.serialized)
struct GooseUserTests {
    static let asRoot = geteuid() == 0
    /// Two uids without entries in the user database: the owner of everything, and the named user.
    static let owner = "4242"
    static let named = "4343"

    /// A home whose every file, goose directories included, belongs to uid 4242 (numeric chown).
    func home() throws -> FixtureTree {
        let tree = try FixtureTree("goose-user")
        for dir in [".config", ".local", ".local/share", ".local/state"] { try tree.directory(dir, mode: 0o755) }
        for dir in [".config/goose", ".local/share/goose", ".local/state/goose"] { try tree.directory(dir, mode: 0o700) }
        try tree.file(".config/goose/config.yaml", "GOOSE_MODE: approve\n", mode: 0o600)
        try tree.file(".config/goose/permission.yaml", "user:\n  ask_before: [developer__shell]\n", mode: 0o600)
        try Shell.run("/bin/chown", ["-R", "\(Self.owner):\(Self.owner)", tree.root])
        return tree
    }

    func ownership(_ tree: FixtureTree, _ arguments: [String]) throws -> [[String: Any]] {
        let result = try Binary.run(["scan", "--format", "json"] + arguments, home: tree.root)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        return (json["findings"] as? [[String: Any]] ?? []).filter { $0["rule_id"] as? String == "goose_directory_owned_by_other_user" }
    }

    @Test(
        "a home owned by its user: nothing by default, every goose directory once another user is named",
        .enabled(if: asRoot, "skipped: chown to numeric uids needs root"))
    func namedUser() throws {
        let tree = try home()
        #expect(try ownership(tree, []).isEmpty, "the home's owner owns every goose directory")
        #expect(try ownership(tree, ["--goose-user", Self.owner]).isEmpty, "naming the owner changes nothing")

        let hits = try ownership(tree, ["--goose-user", Self.named])
        // Each goose directory is its own root (`path` is empty: the root itself).
        let byRoot = Dictionary(hits.map { (($0["root"] as? String) ?? "?", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byRoot.keys.sorted() == ["goose:config", "goose:data", "goose:state"], "\(byRoot.keys)")
        #expect(hits.allSatisfy { ($0["path"] as? String) == "" })
        let config = try #require(byRoot["goose:config"])
        #expect(config["severity"] as? String == "critical", "it holds config.yaml and permission.yaml")
        #expect(
            (config["message"] as? String)?.contains("owned by \(Self.owner), not by \(Self.named) who runs goose") == true, "\(config)")
        #expect((config["message"] as? String)?.contains("config.yaml, permission.yaml") == true)
        #expect(byRoot["goose:state"]?["severity"] as? String == "high", "nothing with secrets or policy inside")
    }

    @Test(
        "goose_user in .goose-audit.yaml does the same; fix as root plans the chown to the named user",
        .enabled(if: asRoot, "skipped: chown to numeric uids needs root"))
    func configurationKey() throws {
        let tree = try home()
        let settings = try FixtureTree("goose-user-config")
        let config = try settings.file(".goose-audit.yaml", "goose_user: '\(Self.named)'\n")
        #expect(try ownership(tree, ["--config", config]).count == 3)

        let plan = try Binary.run(["fix", "--config", config], home: tree.root, environment: ["XDG_STATE_HOME": settings.path("state")])
        #expect(
            plan.stdout.contains("chown \(Self.named) \(tree.path(".config/goose"))   (was \(Self.owner))"), "\(plan.stdout)\(plan.stderr)")
        var info = stat()
        lstat(tree.path(".config/goose"), &info)
        #expect(info.st_uid == UInt32(Self.owner), "a dry run changes nothing")
    }

    @Test("a user name resolves through the user database; an unknown one stops the run with a precise message")
    func unknownUser() throws {
        let tree = try FixtureTree("goose-user-unknown")
        let flag = try Binary.run(["scan", "--goose-user", "no-such-user-4f2a"], home: tree.root)
        #expect(flag.status != 0 && flag.status != 1, "\(flag.status)")
        #expect(flag.stderr.contains("--goose-user: no user named 'no-such-user-4f2a'"), "\(flag.stderr)")

        let config = try tree.file("audit.yaml", "goose_user: no-such-user-4f2a\n")
        let file = try Binary.run(["scan", "--config", config], home: tree.root)
        #expect(file.status == 2, "\(file.status) \(file.stderr)")
        #expect(file.stderr.contains("audit.yaml:1: goose_user: no user named 'no-such-user-4f2a'"), "\(file.stderr)")

        let root = try Binary.run(["config", "--effective", "--goose-user", "root"], home: tree.root)
        #expect(root.stdout.contains("goose_user: 0"), "\(root.stdout)\(root.stderr)")
    }
}
