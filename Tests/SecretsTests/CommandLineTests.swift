import Foundation
import GooseAuditTestSupport
import Testing

/// The `goose-audit` binary with `--rules`, as a user runs it.
struct CommandLineTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/goose-audit").path

    static let acmeRule = """
        rules:
          - id: acme_token
            title: Acme token
            pattern: '\\b(acme_[a-z0-9]{24})\\b'
            keywords: [acme_]
            examples:
              true_positives: ['ACME=acme_q8w7e6r5t4y3u2i1o9p0a8s7']
              false_positives: ['ACME=acme_short']
        """

    func run(_ arguments: [String]) throws -> Shell.Output {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the CLI first: swift build")
        return try Shell.capture(Self.binary, arguments, environment: ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin"])
    }

    @Test("a planted secret fails the scan (exit 1) and the JSON report names the rule, not the value")
    func scanFindsSecret() throws {
        let tree = try FixtureTree("cli-secrets")
        let token = Fake.github(seed: 120)
        _ = try tree.file("config.yaml", "extensions:\n  github:\n    envs:\n      GITHUB_TOKEN: \(token)\n")
        let output = try run(["scan", tree.root, "--format", "json"])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.contains("\"github_pat\""))
        #expect(output.stdout.contains("extensions.github.envs.GITHUB_TOKEN"))
        #expect(!output.stdout.contains(token) && !output.stderr.contains(token))
    }

    @Test("--rules adds YAML and gitleaks TOML rules")
    func extraRules() throws {
        let tree = try FixtureTree("cli-rules")
        let yaml = try tree.file("rules/acme.yaml", Self.acmeRule)
        let toml = try tree.file(
            "rules/wid.toml",
            "[[rules]]\nid = \"widget-key\"\ndescription = \"Widget key\"\nregex = '''\\b(wid_[0-9a-f]{20})\\b'''\nkeywords = [\"wid_\"]\n")
        _ = try tree.file("repo/notes.txt", "acme acme_z9x8c7v6b5n4m3l2k1j0h9g8\nwidget wid_\(Fake.chars(20, Fake.hex, seed: 121))\n")
        let output = try run(["scan", tree.path("repo"), "--format", "json", "--rules", yaml, "--rules", toml])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.contains("\"acme_token\""))
        #expect(output.stdout.contains("\"gitleaks_widget_key\""))
    }

    @Test("a gitleaks rule this engine refuses is skipped with a notice; the rest of the file is used")
    func gitleaksRuleSkipped() throws {
        let tree = try FixtureTree("cli-gitleaks-skip")
        let toml = try tree.file(
            "rules/mixed.toml",
            "[[rules]]\nid = \"nested\"\nregex = '''(a+)+b'''\nkeywords = [\"a\"]\n\n"
                + "[[rules]]\nid = \"widget-key\"\ndescription = \"Widget key\"\nregex = '''\\b(wid_[0-9a-f]{20})\\b'''\nkeywords = [\"wid_\"]\n"
        )
        _ = try tree.file("repo/notes.txt", "widget wid_\(Fake.chars(20, Fake.hex, seed: 122))\n")
        let output = try run(["scan", tree.path("repo"), "--format", "json", "--rules", toml, "--fail-on", "medium"])
        #expect(output.status == 1, "imported gitleaks rules report at medium: \(output.stderr)")
        #expect(output.stdout.contains("\"gitleaks_widget_key\""))
        #expect(output.stdout.contains("gitleaks rule skipped"))
        #expect(output.stdout.contains("rule gitleaks_nested: pattern is not linear-time safe"))
    }

    @Test("a broken rule file stops the run with exit 2 and a message naming file, rule and example")
    func brokenRules() throws {
        let tree = try FixtureTree("cli-bad-rules")
        let bad = try tree.file("bad.yaml", Self.acmeRule.replacingOccurrences(of: "acme_q8w7e6r5t4y3u2i1o9p0a8s7", with: "acme_q8w7"))
        _ = try tree.file("repo/notes.txt", "nothing here\n")
        let output = try run(["scan", tree.path("repo"), "--rules", bad])
        #expect(output.status == 2)
        #expect(output.stderr.contains("\(bad): rule acme_token: examples.true_positives[0] is not found by the rule"), "\(output.stderr)")
        let missing = try run(["scan", tree.path("repo"), "--rules", tree.path("missing.yaml")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing.yaml: cannot read rule file"), "\(missing.stderr)")
    }

    @Test("a 50,000-deep gitleaks TOML reached through .goose-audit.yaml rules: stops the run (exit 2) naming file and line")
    func deepTOMLThroughConfiguration() throws {
        let tree = try FixtureTree("cli-deep-toml")
        // What a pull request can commit: the repository's own configuration pointing at a hostile rule file.
        _ = try tree.file("repo/.goose-audit.yaml", "rules: [rules/deep.toml]\n")
        let deep = try tree.file(
            "repo/rules/deep.toml",
            "[[rules]]\nid = \"deep\"\nkeywords = " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n")
        _ = try tree.file("repo/notes.txt", "nothing here\n")
        let output = try Shell.capture(
            "/usr/bin/timeout", ["-s", "KILL", "120", Self.binary, "scan", tree.path("repo")],
            environment: ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin"])
        #expect(output.status == 2, "no crash, a refusal: \(output.status) \(output.stderr)")
        #expect(output.stderr.contains("\(deep):3: arrays nested deeper than 32 levels; refused"), "\(output.stderr)")
    }
}
