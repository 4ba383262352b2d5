import Foundation
import GooseAuditTestSupport
import Testing

/// The real binary as a CI gate (`scan REPO`, default threshold) over thirty configuration repositories in
/// the shapes real users keep goose in (Tests/Fixtures/RealWorldRepos): which fail the gate, why, at which
/// lines, and that each safe twin yields nothing above low. Every repository is a git checkout, so file
/// modes of tracked files are left out as they would be in CI.
@Suite(.serialized)
struct RealWorldRepoTests {
    static let fixtures = Binary.packageRoot + "/Tests/Fixtures/RealWorldRepos"
    static let hasGit = FileManager.default.isExecutableFile(atPath: "/usr/bin/git")

    /// Synthetic credentials, made here so that no token-shaped string is committed: placeholder to value.
    static let credentials: [String: String] = {
        var generator = SeededGenerator(seed: 0x6005E)
        func random(_ count: Int, _ alphabet: String) -> String {
            let characters = Array(alphabet)
            return String((0..<count).map { _ in characters[Int(generator.next() % UInt64(characters.count))] })
        }
        let alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return [
            "@@GITHUB_PAT@@": "ghp_" + random(36, alnum),
            "@@ANTHROPIC_KEY@@": "sk-ant-api03-" + random(93, alnum + "_-") + "AA",
            "@@SLACK_BOT@@": "xoxb-" + random(12, "0123456789") + "-" + random(13, "0123456789") + "-" + random(24, alnum),
            "@@OPAQUE_HEX@@": random(32, "0123456789abcdef"),
            "@@UUID@@": [8, 4, 4, 4, 12].map { random($0, "0123456789abcdef") }.joined(separator: "-"),
        ]
    }()

    /// What each repository must show: its gate result and the findings at medium and above, as
    /// `severity rule path:line` (every other finding is low or info).
    static let expected: [String: (fails: Bool, findings: Set<String>)] = [
        "bashrc-export": (true, ["high goose_mode_auto .bashrc:5", "medium keyring_disabled .bashrc:6"]),
        "chezmoi-dotfiles": (
            true,
            [
                "high github_pat dot_config/goose/private_config.yaml.tmpl:10",
                "high goose_mode_auto dot_config/goose/private_config.yaml.tmpl:3",
                "medium extension_all_tools_exposed dot_config/goose/private_config.yaml.tmpl:6",
                "medium extension_unpinned_package dot_config/goose/private_config.yaml.tmpl:8",
            ]
        ),
        "compose-server": (
            true, ["critical server_unauthenticated docker-compose.yml:7", "high server_exposed_without_tls docker-compose.yml:7"]
        ),
        "container-entrypoint": (true, ["high goose_mode_auto docker/entrypoint.sh:6"]),
        "devcontainer": (true, ["high goose_mode_auto .devcontainer/devcontainer.json:5"]),
        "disabled-extension": (false, ["medium extension_inline_shell goose/config.yaml:7"]),
        "dockerfile-run": (
            true,
            [
                "high extension_inline_shell Dockerfile:9", "high goose_mode_auto Dockerfile:2",
                "medium extension_all_tools_exposed Dockerfile:7",
            ]
        ),
        "github-recipe": (
            true, ["high extension_inline_shell .github/goose/triage.yaml:10", "high recipe_local_extension .github/goose/triage.yaml:7"]
        ),
        "k8s-configmap": (true, ["high slack_token deploy/goose-configmap.yaml:16"]),
        "key-argument": (true, ["high extension_credential_argument config.yaml:8"]),
        "nix-home-manager": (true, ["high extension_credential_argument home/goose.nix:13", "high goose_mode_auto home/goose.nix:4"]),
        "relative-node": (false, ["medium extension_relative_command .goose/config.yaml:6"]),
        "stow-dotfiles": (
            true,
            [
                "high secret_in_plaintext_store goose/.config/goose/secrets.yaml:1",
                "medium extension_all_tools_exposed goose/.config/goose/config.yaml:6",
                "medium extension_unpinned_package goose/.config/goose/config.yaml:8",
            ]
        ),
        "systemd-unit": (true, ["critical server_weak_secret_key systemd/user/goose-serve.service:5"]),
        "uvx-latest": (
            true, ["high recipe_local_extension recipes/research.yaml:10", "medium extension_unpinned_package recipes/research.yaml:13"]
        ),
    ]

    /// Copies a fixture repository to a fresh temporary checkout with the synthetic credentials filled in.
    static func checkout(_ name: String) throws -> FixtureTree {
        let tree = try FixtureTree("repo-" + name)
        let source = fixtures + "/" + name
        let files = try #require(FileManager.default.enumerator(atPath: source)).compactMap { $0 as? String }
        for relative in files {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: source + "/" + relative, isDirectory: &isDirectory)
            guard !isDirectory.boolValue else { continue }
            var text = try String(contentsOfFile: source + "/" + relative, encoding: .utf8)
            for (placeholder, value) in credentials { text = text.replacingOccurrences(of: placeholder, with: value) }
            try tree.file(relative, text, mode: 0o644)
        }
        if hasGit {
            _ = try Shell.capture("/usr/bin/git", ["-C", tree.root, "init", "-q"])
            _ = try Shell.capture("/usr/bin/git", ["-C", tree.root, "add", "-A"])
        }
        return tree
    }

    struct Scan {
        var status: Int32
        var findings: [[String: Any]]
        var stdout: String

        /// `severity rule path:line` for every finding at medium or above.
        var serious: Set<String> {
            Set(
                findings.compactMap { finding in
                    let severity = finding["severity"] as? String ?? ""
                    guard ["medium", "high", "critical"].contains(severity) else { return nil }
                    let line = (finding["line"] as? Int).map { ":\($0)" } ?? ""
                    return "\(severity) \(finding["rule_id"] as? String ?? "") \(finding["path"] as? String ?? "")\(line)"
                })
        }
    }

    static func scan(_ target: String, in tree: FixtureTree) throws -> Scan {
        let result = try Binary.run(["scan", target, "--format", "json"], home: tree.root, directory: tree.root)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        return Scan(status: result.status, findings: document["findings"] as? [[String: Any]] ?? [], stdout: result.stdout)
    }

    static var repositories: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures)) ?? []).sorted()
    }

    @Test func thereAreAtLeastTwentyRepositoriesEachWithASafeTwin() {
        let names = Set(Self.repositories)
        #expect(names.count >= 20)
        for name in names where !name.hasSuffix("-safe") { #expect(names.contains(name + "-safe"), "\(name) has no safe twin") }
        #expect(Set(Self.expected.keys) == names.filter { !$0.hasSuffix("-safe") })
    }

    @Test(arguments: repositories)
    func theGateFailsForTheRightReasons(_ name: String) throws {
        let tree = try Self.checkout(name)
        let scan = try Self.scan(tree.root, in: tree)
        let planted = Self.credentials.values
        #expect(!planted.contains { scan.stdout.contains($0) }, "no credential appears in the report")
        guard let expected = Self.expected[name] else {
            // A safe twin: nothing above low, and the gate passes.
            #expect(scan.serious.isEmpty, "\(name): \(scan.serious.sorted())")
            #expect(scan.status == 0)
            return
        }
        #expect(scan.serious == expected.findings, "\(name)")
        #expect(scan.status == (expected.fails ? 1 : 0), "\(name) gate")
    }

    /// Scanning one file finds what scanning its repository finds in that file.
    @Test(arguments: repositories.filter { !$0.hasSuffix("-safe") })
    func oneFileAloneGivesTheSameFindings(_ name: String) throws {
        let tree = try Self.checkout(name)
        let whole = try Self.scan(tree.root, in: tree)
        let files = Set(whole.findings.compactMap { $0["path"] as? String })
        for file in files where !file.isEmpty {
            let single = try Self.scan(tree.root + "/" + file, in: tree)
            func key(_ finding: [String: Any]) -> String {
                "\(finding["rule_id"] as? String ?? "") \((finding["line"] as? Int) ?? 0) \(finding["severity"] as? String ?? "")"
            }
            let expected = Set(whole.findings.filter { $0["path"] as? String == file }.map(key))
            let actual = Set(single.findings.map(key))
            #expect(actual == expected, "\(name)/\(file)")
        }
    }
}

/// The installation scan reads the environment layer of the home's shell startup files too.
struct InstallationEnvironmentTests {
    @Test func autoModeExportedInBashrcIsAutoMode() throws {
        let home = try FixtureTree("bashrc-home")
        try home.directory(".config/goose", mode: 0o700)
        try home.file(".config/goose/config.yaml", "GOOSE_PROVIDER: anthropic\nGOOSE_MODE: smart_approve\n")
        try home.file(".bashrc", "export EDITOR=vim\nexport GOOSE_MODE=auto\n", mode: 0o644)
        try home.file(".zshrc", "export PATH=$HOME/bin:$PATH\n", mode: 0o644)
        let result = try Binary.run(["scan", "--format", "json"], home: home.root, directory: "/")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = document["findings"] as? [[String: Any]] ?? []
        let auto = findings.filter { $0["rule_id"] as? String == "goose_mode_auto" }
        #expect(auto.count == 1, "\(findings.map { $0["rule_id"] ?? "" })")
        #expect(auto.first?["root"] as? String == "~/.bashrc")
        #expect(auto.first?["line"] as? Int == 2)
        #expect(result.status == 1)

        try home.file(".bashrc", "export EDITOR=vim\nexport GOOSE_MODE=approve\n", mode: 0o644)
        let safe = try Binary.run(["scan", "--format", "json"], home: home.root, directory: "/")
        let safeDocument = try #require(try JSONSerialization.jsonObject(with: Data(safe.stdout.utf8)) as? [String: Any])
        let safeFindings = safeDocument["findings"] as? [[String: Any]] ?? []
        #expect(!safeFindings.contains { $0["rule_id"] as? String == "goose_mode_auto" })
        #expect(safe.status == 0, "\(safe.stdout.prefix(2000))")
    }
}
