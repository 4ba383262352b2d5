import Foundation
import GooseAuditTestSupport
import Testing

/// A dotfiles manager (stow, chezmoi's symlink mode, home-manager) makes `~/.config/goose` a symlink.
/// goose follows it, so the audit does: the target is audited with its own files' modes and owners,
/// the report says where the link points, and a target others can write or another user owns is a finding.
@Suite(.serialized)
struct LinkedGooseDirectoryTests {
    static let asRoot = geteuid() == 0 && getpwnam("nobody") != nil
    /// A fake GitHub token, made at run time (nothing secret-looking sits in the source).
    static let token: String = {
        var state: UInt64 = 2101
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return "ghp_"
            + String(
                (0..<36).map { _ in
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    return alphabet[Int((state >> 33) % 62)]
                })
    }()

    /// A home whose `.config/goose` links to `dotfiles/goose` (relative link, as stow makes it).
    func home(targetMode: mode_t = 0o700) throws -> FixtureTree {
        let tree = try FixtureTree("linked-home")
        for dir in [".config", "dotfiles"] { try tree.directory(dir, mode: 0o755) }
        try tree.directory("dotfiles/goose", mode: targetMode)
        try tree.file(
            "dotfiles/goose/config.yaml", "GOOSE_MODE: approve\nextensions:\n  gh:\n    envs:\n      GITHUB_TOKEN: \(Self.token)\n",
            mode: 0o644)
        try tree.symlink(".config/goose", to: "../dotfiles/goose")
        return tree
    }

    func scan(_ tree: FixtureTree) throws -> (status: Int32, json: [String: Any], stderr: String) {
        let run = try Binary.run(["scan", "--format", "json"], home: tree.root)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        #expect(!run.stdout.contains(Self.token) && !run.stderr.contains(Self.token))
        return (run.status, json, run.stderr)
    }

    func rules(_ json: [String: Any]) -> [String: [[String: Any]]] {
        Dictionary(grouping: json["findings"] as? [[String: Any]] ?? []) { $0["rule_id"] as? String ?? "" }
    }

    @Test("the linked config directory is audited at its target, and the report says where it points")
    func followed() throws {
        let tree = try home()
        let (status, json, _) = try scan(tree)
        #expect(status == 1, "the planted token is found")
        let found = rules(json)
        let token = try #require(found["github_pat"]?.first, "\(found.keys.sorted())")
        #expect(token["root"] as? String == "goose:config" && token["path"] as? String == "config.yaml", "\(token)")
        #expect(
            found["secrets_file_exposed"] != nil || found["policy_file_secret_readable"] != nil,
            "the target file's own 0644 mode counts: \(found.keys.sorted())")
        let notices = json["notices"] as? [[String: Any]] ?? []
        let real = try #require(realpath(tree.path("dotfiles/goose"), nil))
        defer { free(real) }
        let target = String(cString: real)
        #expect(
            notices.contains {
                ($0["kind"] as? String) == "symlink"
                    && ($0["message"] as? String)?.contains("goose:config is a symlink to \(target)") == true
            }, "\(notices)")
        let details = json["root_details"] as? [[String: Any]] ?? []
        #expect(details.contains { $0["label"] as? String == "goose:config" && $0["path"] as? String == target }, "\(details)")
    }

    @Test("a link target others can write is a finding on the goose directory")
    func targetWritableByOthers() throws {
        let tree = try home(targetMode: 0o777)
        let found = rules(try scan(tree).json)
        let hit = try #require(found["goose_directory_exposed"]?.first, "\(found.keys.sorted())")
        #expect(hit["root"] as? String == "goose:config" && (hit["path"] as? String ?? "x").isEmpty, "\(hit)")
    }

    @Test("a link target owned by another user is a finding", .enabled(if: asRoot, "needs root and the nobody user to chown fixtures"))
    func targetOwnedByOtherUser() throws {
        let tree = try home()
        try tree.chown("dotfiles/goose", "nobody")
        let found = rules(try scan(tree).json)
        #expect(found["goose_directory_owned_by_other_user"]?.count == 1, "\(found.keys.sorted())")
    }

    @Test("a symlink loop in goose's place is a notice naming it, not a hang and not silence")
    func loop() throws {
        let tree = try FixtureTree("linked-loop")
        try tree.directory(".config", mode: 0o755)
        try tree.symlink(".config/goose", to: "goose2")
        try tree.symlink(".config/goose2", to: "goose")
        let run = try Binary.runBounded(["scan", "--format", "json"], home: tree.root, seconds: 60)
        #expect(run.status != Binary.killedStatus)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        let notices = json["notices"] as? [[String: Any]] ?? []
        #expect(
            notices.contains {
                ($0["kind"] as? String) == "symlink" && ($0["message"] as? String)?.contains("cannot be followed") == true
            }, "\(notices)")
    }
}
