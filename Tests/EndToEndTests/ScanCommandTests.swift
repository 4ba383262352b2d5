import Foundation
import GooseAuditTestSupport
import Testing

/// The real binary on fixture trees: stdout, the JSON report against its schema, and every exit code.
@Suite(.serialized)
struct ScanCommandTests {
    static let schema = Binary.packageRoot + "/reports/schema/report-v1.schema.json"

    /// A home with a goose config dir holding a world-readable secrets.yaml.
    func exposedHome() throws -> FixtureTree {
        let tree = try FixtureTree("home")
        try tree.directory(".config", mode: 0o755)
        try tree.directory(".config/goose", mode: 0o755)
        try tree.file(".config/goose/secrets.yaml", "OPENAI_API_KEY: not-a-real-key\n", mode: 0o644)
        try tree.file(".config/goose/config.yaml", "GOOSE_MODE: approve\n", mode: 0o600)
        return tree
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func installationScanFindsTheExposedSecretsFileAndExitsOne() throws {
        let home = try exposedHome()
        let result = try Binary.run([], home: home.root)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("secrets_file_exposed"))
        #expect(result.stdout.contains("goose:config/secrets.yaml"))
        #expect(result.stdout.contains("mode 0644"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        #expect(!result.stdout.contains("not-a-real-key"))
    }

    @Test(.enabled(if: SchemaValidator.available, "skipped: python3 with jsonschema is needed to validate the report"))
    func jsonReportValidatesAgainstTheSchema() throws {
        let home = try exposedHome()
        let result = try Binary.run(["scan", "--format", "json"], home: home.root)
        #expect(result.status == 1)
        #expect(try SchemaValidator.errors(document: result.stdout, schemaPath: Self.schema) == "")
        let report = try json(result.stdout)
        #expect(report["report_version"] as? Int == 1)
        let findings = try #require(report["findings"] as? [[String: Any]])
        let finding = try #require(findings.first { $0["rule_id"] as? String == "secrets_file_exposed" })
        #expect(finding["path"] as? String == "secrets.yaml")
        #expect(finding["root"] as? String == "goose:config")
        #expect(finding["severity"] as? String == "critical")
        #expect(finding["risk_score"] as? Int == 80)
        #expect(findings.allSatisfy { !(($0["path"] as? String) ?? "/").hasPrefix("/") }, "paths are relative")
        #expect(!result.stdout.contains("not-a-real-key"))
    }

    @Test func aCleanHomeExitsZero() throws {
        let home = try FixtureTree("clean")
        try home.directory(".config/goose", mode: 0o700)
        try home.file(".config/goose/secrets.yaml", "OPENAI_API_KEY: x\n", mode: 0o600)
        let result = try Binary.run([], home: home.root)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("No findings."))
    }

    @Test func aProtectedWeakModeIsLatentOneLevelLower() throws {
        let home = try FixtureTree("latent")
        try home.directory(".config/goose", mode: 0o700)
        try home.file(".config/goose/secrets.yaml", "K: v\n", mode: 0o644)
        let result = try Binary.run([], home: home.root)
        #expect(result.status == 1, "a latent critical is high: it fails the default high threshold")
        #expect(result.stdout.contains("HIGH (1)"), "\(result.stdout)")
        #expect(result.stdout.contains("keeps them out for now"))
        let lenient = try Binary.run(["--fail-on", "critical"], home: home.root)
        #expect(lenient.status == 0)
    }

    @Test func failOnThresholds() throws {
        let home = try exposedHome()
        #expect(try Binary.run(["--fail-on", "critical"], home: home.root).status == 1)
        let tree = try FixtureTree("latent2")
        try tree.directory(".config/goose", mode: 0o700)
        try tree.file(".config/goose/secrets.yaml", "K: v\n", mode: 0o644)
        #expect(try Binary.run(["--fail-on", "critical"], home: tree.root).status == 0)
        #expect(try Binary.run(["--fail-on", "info"], home: tree.root).status == 1)
    }

    @Test func usageErrorsExitSixtyFour() throws {
        let home = try FixtureTree("usage")
        #expect(try Binary.run(["--no-such-flag"], home: home.root).status == 64)
        #expect(try Binary.run(["--fail-on", "severe"], home: home.root).status == 64)
        #expect(try Binary.run(["--format", "text", "--output", "-", "--format", "json", "--output", "-"], home: home.root).status == 64)
    }

    @Test func aMissingPathMeansTheScanIsIncomplete() throws {
        let home = try FixtureTree("missing")
        let result = try Binary.run(["scan", home.path("does-not-exist")], home: home.root)
        #expect(result.status == 2)
        #expect(result.stdout.contains("root-missing"))
    }

    @Test func scanningARepositoryPathFindsEmbeddedGooseLayouts() throws {
        let repo = try FixtureTree("repo")
        try repo.directory("team/.config/goose", mode: 0o755)
        try repo.file("team/.config/goose/secrets.yaml", "K: v\n", mode: 0o666)
        let result = try Binary.run(["scan", repo.root, "--format", "json"], home: repo.root)
        #expect(result.status == 1)
        let report = try json(result.stdout)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.first?["path"] as? String == "team/.config/goose/secrets.yaml")
        #expect(findings.first?["root"] as? String == repo.root)
        #expect((findings.first?["message"] as? String)?.contains("readable and writable") == true)
    }

    @Test func colourIsOnlyUsedWhenAskedOrOnATerminal() throws {
        let home = try exposedHome()
        let forced = try Binary.run(["--color", "always"], home: home.root)
        #expect(forced.stdout.contains("\u{1B}["))
        let never = try Binary.run(["--color", "never"], home: home.root)
        #expect(!never.stdout.contains("\u{1B}["))
    }

    @Test func reportFilesAreOwnerOnlyAndNeverWrittenThroughASymlink() throws {
        let home = try exposedHome()
        let out = try FixtureTree("out")
        let target = out.path("report.json")
        let result = try Binary.run(["--format", "json", "--output", target, "--format", "text"], home: home.root)
        #expect(result.status == 1)
        #expect(result.stdout.contains("secrets_file_exposed"), "text still goes to stdout")
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(
            try SchemaValidator.available
                ? SchemaValidator.errors(document: String(contentsOfFile: target, encoding: .utf8), schemaPath: Self.schema) == "" : true)

        try out.file("victim", "keep me")
        try out.symlink("link.json", to: out.path("victim"))
        let refused = try Binary.run(["--format", "json", "--output", out.path("link.json")], home: home.root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("symlink"))
        #expect(try String(contentsOfFile: out.path("victim"), encoding: .utf8) == "keep me")
    }

    @Test func listsChecksAndVersion() throws {
        let home = try FixtureTree("checks")
        let checks = try Binary.run(["checks"], home: home.root)
        #expect(checks.status == 0)
        #expect(checks.stdout.contains("secrets_file_exposed"))
        let version = try Binary.run(["--version"], home: home.root)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).first?.isNumber == true)
    }

    @Test(.enabled(if: TestEnvironment.canDropPrivileges, "skipped: needs root, setpriv and the nobody user to run unprivileged"))
    func runningAsNobodyOverAPartlyReadableTreeGivesNoticesNotCrashes() throws {
        let tree = try FixtureTree("nobody")
        try tree.directory("repo", mode: 0o755)
        try tree.directory("repo/private", mode: 0o700)
        try tree.file("repo/private/.env", "TOKEN=x\n", mode: 0o600)
        try tree.file("repo/unreadable.yaml", "a: 1\n", mode: 0o600)
        try tree.directory("repo/.config/goose", mode: 0o755)
        try tree.file("repo/.config/goose/secrets.yaml", "K: v\n", mode: 0o644)
        let result = try Binary.run(["scan", tree.path("repo"), "--format", "json"], home: "/nonexistent", directory: "/", asNobody: true)
        #expect(result.status == 1, "the readable part is still audited: \(result.stderr)")
        let report = try json(result.stdout)
        let notices = try #require(report["notices"] as? [[String: Any]])
        #expect(notices.contains { ($0["path"] as? String)?.hasSuffix("/repo/private") == true && $0["kind"] as? String == "unreadable" })
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule_id"] as? String == "secrets_file_exposed" })
    }

    @Test func textOutputFoldsARuleThatFiresOnManyFiles() throws {
        let repo = try FixtureTree("many-env")
        for index in 0..<15 { try repo.file("svc\(index)/.env", "LOG_LEVEL=debug\n", mode: 0o644) }
        let result = try Binary.run(["scan", repo.root, "--fail-on", "critical"], home: repo.root, directory: "/")
        let entries = result.stdout.split(separator: "\n").filter { $0.contains("sensitive_file_exposed  ") }
        #expect(entries.count == 10, "\(result.stdout)")
        #expect(result.stdout.contains("… 5 more sensitive_file_exposed findings"))
        let json = try Binary.run(["scan", repo.root, "--format", "json", "--fail-on", "critical"], home: repo.root, directory: "/")
        #expect(json.stdout.components(separatedBy: "\"sensitive_file_exposed\"").count - 1 >= 15, "JSON keeps every finding")
    }
}
