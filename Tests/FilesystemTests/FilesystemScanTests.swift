import FilesystemChecks
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// Real trees with real modes, owners and ACLs, scanned by the whole filesystem module through the
/// real pipeline.
struct FilesystemScanTests {
    static let aclReason: Comment = "skipped: needs setfacl (Debian package acl) and an ACL-capable temp file system"
    static let rootReason: Comment = "skipped: chown to nobody needs root"

    /// Every finding of the filesystem module over `tree`, laid out as a goose location of `role`.
    func scan(_ tree: FixtureTree, role: RootRole = .config) throws -> [Finding] {
        let checks = try FilesystemModule.makeChecks(ModuleConfiguration())
        return CheckRunner.scan(checks, root: tree.root, role: role).findings
    }

    func findings(_ all: [Finding], _ rule: String, at path: String) -> [Finding] {
        all.filter { $0.ruleID == rule && $0.location.path == path }
    }

    @Test("an owner-only tree without extended ACL entries yields no finding")
    func privateTreeIsClean() throws {
        let tree = try FixtureTree("private")
        try tree.lay([
            .directory("", mode: 0o700), .file("config.yaml", "GOOSE_PROVIDER: openai\n"), .file("secrets.yaml", "K: v\n"),
            .file("permission.yaml", "user: {}\n"), .directory("recipes"), .file("recipes/a.yaml", "title: a\n"),
            .directory("githubcopilot"), .file("githubcopilot/info.json", "{}"), .file("history.txt", "ls\n"),
        ])
        let all = try scan(tree)
        #expect(all.isEmpty, "\(all.map { "\($0.ruleID) \($0.location.path): \($0.message)" })")
    }

    @Test(
        "a named-user read grant on a 0600 file is reported with the ACL entry as evidence",
        .enabled(if: TestEnvironment.aclSupported, aclReason))
    func namedUserGrant() throws {
        let tree = try FixtureTree("named-user")
        try tree.lay([.directory("", mode: 0o755), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600, acl: ["u:nobody:r"])])
        let found = findings(try scan(tree), "extended_acl_grants_access", at: "config.yaml")
        #expect(found.count == 1)
        #expect(found.first?.message == "config file (mode 0640) is readable by user:nobody (r--)")
        #expect(found.first?.evidence.text == "acl user:nobody:r-- (effective r-- under mask r--)")
        #expect(found.first?.severity == .medium)
    }

    @Test("a named-user grant that the mask cancels is not reported", .enabled(if: TestEnvironment.aclSupported, aclReason))
    func maskedGrant() throws {
        let tree = try FixtureTree("masked")
        // The directory is open (0755), so a grant the mask did not cancel would be live.
        try tree.lay([
            .directory("", mode: 0o755),
            .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600, acl: ["u:nobody:rw", "m::---"]),
            .file("secrets.yaml", "K: v\n", mode: 0o600, acl: ["u:nobody:rw", "m::---"]),
        ])
        let onFiles = try scan(tree).filter { !$0.location.path.isEmpty }
        #expect(onFiles.isEmpty, "\(onFiles.map(\.message))")
    }

    @Test(
        "a named-group grant on a secret-bearing file is reported by the most specific check only",
        .enabled(if: TestEnvironment.aclSupported, aclReason))
    func namedGroupGrant() throws {
        let tree = try FixtureTree("named-group")
        try tree.lay([
            .directory("", mode: 0o755), .file("secrets.yaml", "K: v\n", mode: 0o600, acl: ["g:nogroup:r"]),
            .file("history.txt", "ls\n", mode: 0o600, acl: ["g:nogroup:rw"]),
        ])
        let all = try scan(tree)
        let secrets = all.filter { $0.location.path == "secrets.yaml" }
        #expect(secrets.map(\.ruleID) == ["secrets_file_exposed"])
        #expect(secrets.first?.message == "secrets file is readable by group:nogroup (r--)")
        let history = all.filter { $0.location.path == "history.txt" }
        #expect(history.map(\.ruleID) == ["sensitive_file_exposed"])
        #expect(history.first?.message == "prompt history is readable and writable by group:nogroup (rw-)")
    }

    @Test("a default ACL on the config directory is reported with the default entry", .enabled(if: TestEnvironment.aclSupported, aclReason))
    func defaultACL() throws {
        let tree = try FixtureTree("default-acl")
        // nobody may enter the directory (x; mode 0710 keeps the mask at --x) and gets rw on every new file.
        try tree.lay([.directory("", mode: 0o710, acl: ["u:nobody:x"], defaultACL: ["u:nobody:rw", "g::-", "o::-"])])
        let found = findings(try scan(tree), "default_acl_exposes_new_files", at: "")
        #expect(found.count == 1)
        #expect(found.first?.evidence.text == "default acl user:nobody:rw- (effective rw- under mask rw-)")
        #expect(found.first?.message == "config directory hands user:nobody (rw-) to every file goose creates in it")
        #expect(found.first?.severity == .high)

        // Without the search right the inherited grant is latent: reported lower, naming the directory.
        try Shell.run("/usr/bin/setfacl", ["-x", "u:nobody", tree.root])
        let latent = findings(try scan(tree), "default_acl_exposes_new_files", at: "")
        #expect(latent.map(\.severity) == [.medium])
        #expect(
            latent.first?.message
                == "config directory hands user:nobody (rw-) to every file goose creates in it, but goose:config keeps them out for now")
    }

    @Test(
        "a group-writable config.yaml is reported; the owner's private group is not others",
        .enabled(if: TestEnvironment.canDropPrivileges, rootReason))
    func groupWritableConfig() throws {
        let tree = try FixtureTree("group-writable")
        try tree.lay([.directory("", mode: 0o755), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o664)])
        // Owned by root:root, whose group has no other member: a user private group, not a finding.
        #expect(findings(try scan(tree), "policy_file_writable", at: "config.yaml").isEmpty)
        try Shell.run("/bin/chgrp", ["users", tree.path("config.yaml")])
        let found = findings(try scan(tree), "policy_file_writable", at: "config.yaml")
        #expect(found.count == 1)
        #expect(found.first?.message == "config file is readable and writable by group:users (rw-)")
        #expect(found.first?.evidence.text == "mode 0664")
        #expect(found.first?.severity == .high)
    }

    @Test("a world-readable sessions.db is reported; a 0700 data directory lowers it to a latent finding")
    func worldReadableSessions() throws {
        let tree = try FixtureTree("sessions")
        try tree.lay([
            .directory("", mode: 0o755), .directory("sessions", mode: 0o755),
            .file("sessions/sessions.db", "SQLite format 3", mode: 0o644),
        ])
        let live = findings(try scan(tree, role: .data), "sensitive_file_exposed", at: "sessions/sessions.db")
        #expect(live.map(\.message) == ["session database is readable by other (r--)"])
        #expect(live.first?.severity == .high)

        try tree.chmod("", 0o700)
        let latent = findings(try scan(tree, role: .data), "sensitive_file_exposed", at: "sessions/sessions.db")
        #expect(latent.count == 1)
        #expect(latent.first?.severity == .medium)
        #expect(latent.first?.message == "session database is readable by other (r--), but goose:data keeps them out for now")
        #expect(latent.first?.evidence.text == "mode 0644; protected by goose:data")
    }

    @Test("an other-writable parent directory is reported once, not once per file")
    func writableParentOnce() throws {
        let tree = try FixtureTree("parent")
        try tree.lay([
            .directory("", mode: 0o755), .directory("recipes", mode: 0o757),
            .file("recipes/a.yaml", "title: a\n"), .file("recipes/b.yaml", "title: b\n"), .file("recipes/c.yaml", "title: c\n"),
        ])
        let found = try scan(tree).filter { $0.ruleID == "parent_directory_replaceable" }
        #expect(found.count == 1)
        #expect(found.first?.location.path == "recipes")
        #expect(found.first?.evidence.text == "recipes: mode 0757")
        #expect(found.first?.message.contains("they can replace recipes/a.yaml, recipes/b.yaml, recipes/c.yaml") == true)
        #expect(found.first?.severity == .high)

        // Closing the config directory neutralises the writable one below it for now: reported lower.
        try tree.chmod("", 0o700)
        let latent = try scan(tree).filter { $0.ruleID == "parent_directory_replaceable" }
        #expect(latent.map(\.severity) == [.medium])
        #expect(latent.first?.evidence.text == "recipes: mode 0757; protected by goose:config")
        #expect(latent.first?.message.hasSuffix("recipes/c.yaml, but goose:config keeps them out for now") == true)
    }

    @Test("a writable directory above the goose location is reported at the location, critical when it holds secrets")
    func writableAboveRoot() throws {
        let tree = try FixtureTree("above")
        try tree.lay([.directory("", mode: 0o777), .directory("goose", mode: 0o700), .file("goose/secrets.yaml", "K: v\n")])
        let checks = try FilesystemModule.makeChecks(ModuleConfiguration())
        let result = CheckRunner.scan(checks, root: tree.path("goose"), role: .config)
        let found = result.findings.filter { $0.ruleID == "parent_directory_replaceable" }
        #expect(found.count == 1)
        #expect(found.first?.location.path == "")
        #expect(found.first?.severity == .critical)
        #expect(found.first?.evidence.text == "\(tree.root): mode 0777")
        #expect(
            found.first?.message
                == "directory \(tree.root) is writable by other (rwx) without the sticky bit: they can replace goose:config, secrets.yaml")
    }

    @Test("a file owned by nobody in a root-owned goose directory is reported", .enabled(if: TestEnvironment.canDropPrivileges, rootReason))
    func foreignOwner() throws {
        let tree = try FixtureTree("owner")
        try tree.lay([.directory("", mode: 0o700), .file("config.yaml", "GOOSE_PROVIDER: openai\n", owner: "nobody")])
        let found = findings(try scan(tree), "file_owned_by_other_user", at: "config.yaml")
        #expect(found.count == 1)
        #expect(found.first?.evidence.text == "owner nobody, expected root")
    }

    @Test(
        "in a scanned home tree, ownership is judged against the goose location, not the scan root",
        .enabled(if: TestEnvironment.canDropPrivileges, rootReason))
    func ownershipPerLocation() throws {
        let tree = try FixtureTree("homes")
        try tree.lay([
            .directory("", mode: 0o755), .directory("alice", mode: 0o755, owner: "nobody"),
            .directory("alice/.config", mode: 0o755, owner: "nobody"),
            .directory("alice/.config/goose", mode: 0o700, owner: "nobody"),
            .file("alice/.config/goose/config.yaml", "GOOSE_PROVIDER: openai\n", owner: "nobody"),
            .file("alice/.config/goose/permission.yaml", "user: {}\n", owner: "daemon"),
        ])
        let found = try scan(tree, role: .path).filter { $0.ruleID == "file_owned_by_other_user" }
        #expect(found.map(\.location.path) == ["alice/.config/goose/permission.yaml"])
        #expect(found.first?.evidence.text == "owner daemon, expected nobody")
    }

    @Test("a symlinked config.yaml is graded by where it leads")
    func symlinkedConfig() throws {
        let tree = try FixtureTree("symlinked")
        try tree.lay([
            .directory("", mode: 0o755), .directory("dotfiles", mode: 0o700), .file("dotfiles/config.yaml", "GOOSE_PROVIDER: openai\n"),
            .symlink("config.yaml", to: "dotfiles/config.yaml"),
        ])
        let tidy = findings(try scan(tree), "config_file_symlinked", at: "config.yaml")
        #expect(tidy.map(\.severity) == [.low])
        #expect(tidy.first?.evidence.text == "symlink to dotfiles/config.yaml; dotfiles/config.yaml")

        try tree.chmod("dotfiles", 0o755)
        let open = findings(try scan(tree), "config_file_symlinked", at: "config.yaml")
        #expect(open.map(\.severity) == [.medium])
        #expect(open.first?.message == "config file is a symlink pointing outside an owner-only directory")
        #expect(open.first?.evidence.text == "symlink to dotfiles/config.yaml; dotfiles: mode 0755")

        try tree.chmod("dotfiles", 0o700)
        try tree.symlink("current", to: "dotfiles/config.yaml")
        try tree.symlink("permission.yaml", to: "current")
        let chained = findings(try scan(tree), "config_file_symlinked", at: "permission.yaml")
        #expect(chained.map(\.severity) == [.medium])
        #expect(chained.first?.evidence.text == "symlink to current; current is a symlink")
    }

    @Test(
        "a system config owned by another user, or in a directory they own, is critical",
        .enabled(if: TestEnvironment.canDropPrivileges, rootReason))
    func systemConfigOwner() throws {
        let tree = try FixtureTree("system")
        try tree.lay([.directory("", mode: 0o755, owner: "nobody"), .file("config.yaml", "extensions: {}\n", mode: 0o644)])
        let found = findings(try scan(tree, role: .systemConfig), "system_config_layer_writable", at: "config.yaml")
        #expect(found.count == 1)
        #expect(found.first?.severity == .critical)
        #expect(found.first?.evidence.text == "\(tree.root) owner nobody, expected root")
    }

    @Test("an additional config layer owned by another user is reported", .enabled(if: TestEnvironment.canDropPrivileges, rootReason))
    func additionalLayerOwner() throws {
        let tree = try FixtureTree("additional")
        try tree.lay([.directory("", mode: 0o755), .file("team.yaml", "extensions: {}\n", mode: 0o644, owner: "nobody")])
        let found = findings(try scan(tree, role: .additionalConfig), "system_config_layer_writable", at: "team.yaml")
        #expect(
            found.map(\.message) == [
                "additional config layer is owned by nobody: they can add extensions that goose runs as each user who loads it"
            ])
        #expect(found.first?.evidence.text == "owner nobody, expected root")
    }

    @Test("a symlinked directory above goose files is not taken for a world-writable directory")
    func symlinkedAncestor() throws {
        let tree = try FixtureTree("linked-ancestor")
        try tree.lay([
            .directory("", mode: 0o755), .directory("real", mode: 0o700), .file("real/config.yaml", "GOOSE_PROVIDER: openai\n"),
            .symlink("link", to: "real"),
        ])
        let analyzer = ExposureAnalyzer()
        let path = tree.path("link/config.yaml")
        let state = try #require(analyzer.state(of: path))
        let exposure = analyzer.exposure(of: path, state: state)
        #expect(exposure.replaceableVia.isEmpty)
        #expect(exposure.grants.isEmpty)
    }
}
