import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// The built binary on fixture trees: exit codes, configuration errors, report files, baselines.
struct CommandLineTests {
    static let binary = PackagePaths.binary(from: #filePath)
    static let built = FileManager.default.isExecutableFile(atPath: binary)

    /// A world-readable secrets file: one critical finding (risk 80).
    static func exposedTree() throws -> FixtureTree {
        let tree = try FixtureTree("cli-exposed")
        try tree.file("secrets.yaml", "OPENAI_API_KEY: fake\n", mode: 0o644)
        return tree
    }

    /// A readable secrets file behind a closed directory: one latent finding, high (one below critical), risk 60.
    static func latentTree() throws -> FixtureTree {
        let tree = try FixtureTree("cli-latent")
        try tree.directory("goose", mode: 0o700)
        try tree.file("goose/secrets.yaml", "OPENAI_API_KEY: fake\n", mode: 0o644)
        try tree.chmod("goose", 0o700)
        return tree
    }

    static func run(_ arguments: [String], in directory: String) throws -> Shell.Output {
        try Shell.capture(binary, arguments, environment: ["HOME": directory, "PATH": "/usr/bin:/bin"], directory: directory)
    }

    @Test("--fail-on decides between exit 0 and 1", .enabled(if: built, "needs the built binary (swift build)"))
    func failOn() throws {
        let exposed = try Self.exposedTree()
        #expect(try Self.run(["scan", "."], in: exposed.root).status == 1)
        #expect(try Self.run(["scan", ".", "--fail-on", "critical"], in: exposed.root).status == 1)
        let latent = try Self.latentTree()
        #expect(try Self.run(["scan", ".", "--fail-on", "critical"], in: latent.root).status == 0)
        #expect(try Self.run(["scan", "."], in: latent.root).status == 1)
        #expect(try Self.run(["scan", ".", "--fail-on", "bogus"], in: latent.root).status == 64)
    }

    @Test("--fail-on-risk fails at or above the score", .enabled(if: built, "needs the built binary (swift build)"))
    func failOnRisk() throws {
        let latent = try Self.latentTree()
        #expect(try Self.run(["scan", ".", "--fail-on", "critical", "--fail-on-risk", "61"], in: latent.root).status == 0)
        #expect(try Self.run(["scan", ".", "--fail-on", "critical", "--fail-on-risk", "60"], in: latent.root).status == 1)
        #expect(try Self.run(["scan", ".", "--fail-on-risk", "101"], in: latent.root).status == 64)
    }

    @Test(
        "a malformed .goose-audit.yaml stops the run with exit 2, naming file, key and reason",
        .enabled(if: built, "needs the built binary (swift build)"),
        arguments: [
            ("checks: [", "not valid YAML"),
            ("colour: red\n", "colour: unknown key"),
            ("fail_on: severe\n", "fail_on: unknown severity 'severe'"),
            ("fail_on_risk: high\n", "fail_on_risk: expected an integer"),
            ("checks:\n  disable: [no_such_check]\n", "checks.disable[0]: unknown check id 'no_such_check'"),
            ("severity_overrides:\n  secrets_file_exposed: huge\n", "severity_overrides.secrets_file_exposed: unknown severity"),
            ("inline_suppressions: maybe\n", "inline_suppressions: expected true or false"),
            ("exclude: '*.log'\n", "exclude: expected a list of strings"),
        ])
    func configurationErrors(_ contents: String, _ expected: String) throws {
        let tree = try Self.latentTree()
        try tree.file(".goose-audit.yaml", contents)
        let result = try Self.run(["scan", "."], in: tree.root)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".goose-audit.yaml"), "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test("configuration settings apply and flags override them", .enabled(if: built, "needs the built binary (swift build)"))
    func configurationApplies() throws {
        let tree = try Self.latentTree()
        try tree.file(".goose-audit.yaml", "fail_on: high\nexclude: ['*.tmp']\n")
        #expect(try Self.run(["scan", "."], in: tree.root).status == 1)
        #expect(try Self.run(["scan", ".", "--fail-on", "critical"], in: tree.root).status == 0)
        try tree.file(".goose-audit.yaml", "fail_on: critical\nfail_on_risk: 60\n")
        #expect(try Self.run(["scan", "."], in: tree.root).status == 1)
        #expect(try Self.run(["scan", ".", "--fail-on-risk", "61"], in: tree.root).status == 0)
        try tree.file(".goose-audit.yaml", "fail_on: medium\nchecks:\n  disable: [secrets_file_exposed]\n")
        #expect(try Self.run(["scan", "."], in: tree.root).status == 0)
        let exposed = try Self.exposedTree()
        try exposed.file(".goose-audit.yaml", "severity_overrides:\n  secrets_file_exposed: low\n")
        #expect(try Self.run(["scan", "."], in: exposed.root).status == 0)
        let effective = try Self.run(["config", "--effective", "."], in: exposed.root)
        #expect(effective.status == 0)
        #expect(effective.stdout.contains("secrets_file_exposed: low"))
        #expect(effective.stdout.contains("fail_on: high"))
    }

    @Test(
        "--config names the file explicitly; a missing one is exit 2; suppressions lists what it disables",
        .enabled(if: built, "needs the built binary (swift build)"))
    func explicitConfiguration() throws {
        let tree = try Self.exposedTree()
        let elsewhere = try FixtureTree("cli-config")
        let file = try elsewhere.file("strict.yaml", "checks:\n  disable: [secrets_file_exposed]\n")
        #expect(try Self.run(["scan", "."], in: tree.root).status == 1)
        #expect(try Self.run(["scan", ".", "--config", file], in: tree.root).status == 0)
        let missing = try Self.run(["scan", ".", "--config", elsewhere.path("missing.yaml")], in: tree.root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing.yaml"))
        let listed = try Self.run(["suppressions", ".", "--config", file], in: tree.root)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("configuration\tsecrets_file_exposed\t\(file)\tcheck disabled"), "\(listed.stdout)")
    }

    @Test("SARIF and JSON from a real scan validate against their schemas", .enabled(if: built, "needs the built binary (swift build)"))
    func realReportsValidate() throws {
        let tree = try Self.exposedTree()
        let out = try FixtureTree("cli-schema")
        let result = try Self.run(
            ["scan", ".", "--format", "sarif", "--output", out.path("r.sarif"), "--format", "json", "--output", out.path("r.json")],
            in: tree.root)
        #expect(result.status == 1)
        let root = PackagePaths.root(from: #filePath)
        let sarif = try String(contentsOfFile: out.path("r.sarif"), encoding: .utf8)
        let json = try String(contentsOfFile: out.path("r.json"), encoding: .utf8)
        #expect(
            try SchemaValidator.validate(
                sarif, schema: root + "/Tests/ReportTests/Fixtures/sarif-schema-2.1.0.json", draft: "Draft7Validator"
            ).isEmpty)
        #expect(
            try SchemaValidator.validate(json, schema: root + "/reports/schema/report-v1.schema.json", draft: "Draft202012Validator")
                .isEmpty)
        #expect(sarif.contains("\"uri\" : \"secrets.yaml\""))
    }

    @Test(
        "reports are written 0600, several formats in one run, never through a symlink",
        .enabled(if: built, "needs the built binary (swift build)"))
    func reportFiles() throws {
        let scanned = try Self.exposedTree()
        let out = try FixtureTree("cli-out")
        let sarif = out.path("a.sarif")
        let html = out.path("b.html")
        let result = try Self.run(
            ["scan", ".", "--format", "sarif", "--output", sarif, "--format", "html", "--output", html, "--format", "text"],
            in: scanned.root)
        #expect(result.status == 1)
        #expect(result.stdout.contains("secrets_file_exposed"))
        for path in [sarif, html] {
            guard case .success(let metadata) = FileMetadata.lstat(path) else {
                Issue.record("\(path) not written")
                continue
            }
            #expect(metadata.permissions & 0o777 == 0o600)
        }
        try out.symlink("link.json", to: out.path("target.json"))
        let refused = try Self.run(["scan", ".", "--format", "json", "--output", out.path("link.json")], in: scanned.root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("symlink"))
        #expect(!FileManager.default.fileExists(atPath: out.path("target.json")))
    }

    @Test(
        "an output path inside a scanned root is written and not scanned; --allow-output-in-scan is still accepted",
        .enabled(if: built, "needs the built binary (swift build)"))
    func outputInsideScan() throws {
        let tree = try Self.latentTree()
        let written = try Self.run(["scan", ".", "--format", "json", "--output", "report.json", "--fail-on", "critical"], in: tree.root)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(FileManager.default.fileExists(atPath: tree.path("report.json")))
        let again = try Self.run(
            ["scan", ".", "--format", "json", "--output", "report.json", "--allow-output-in-scan", "--fail-on", "critical"], in: tree.root)
        #expect(again.status == 0)
    }

    @Test(
        "baseline create, then scan --baseline reports nothing new and says how many it suppressed",
        .enabled(if: built, "needs the built binary (swift build)"))
    func baselineRoundTrip() throws {
        let tree = try Self.exposedTree()
        let out = try FixtureTree("cli-baseline")
        let file = out.path("baseline.json")
        #expect(try Self.run(["baseline", "create", ".", "--output", file], in: tree.root).status == 0)
        let first = try String(contentsOfFile: file, encoding: .utf8)
        #expect(try Self.run(["baseline", "create", ".", "--output", file], in: tree.root).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == first)
        let scan = try Self.run(["scan", ".", "--baseline", file], in: tree.root)
        #expect(scan.status == 0)
        #expect(scan.stderr.contains("1 known finding suppressed"))
        let listed = try Self.run(["suppressions", ".", "--baseline", file], in: tree.root)
        #expect(listed.stdout.contains("baseline\tsecrets_file_exposed\t./secrets.yaml"))
        try tree.file(".goose-audit.yaml", "baseline: \(file)\n")
        #expect(try Self.run(["scan", "."], in: tree.root).status == 0)
        try out.file("broken.json", "not json")
        #expect(try Self.run(["scan", ".", "--baseline", out.path("broken.json")], in: tree.root).status == 2)
    }

    @Test("explain prints a check's page; an unknown id is a usage error", .enabled(if: built, "needs the built binary (swift build)"))
    func explain() throws {
        let tree = try FixtureTree("cli-explain")
        let page = try Self.run(["explain", "secrets_file_exposed"], in: tree.root)
        #expect(page.status == 0)
        #expect(page.stdout.contains("# `secrets_file_exposed`"))
        #expect(try Self.run(["explain", "no_such_check"], in: tree.root).status == 64)
    }
}
