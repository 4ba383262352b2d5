import Foundation
import GooseAuditTestSupport
import Testing

/// action.yml and the GitLab template run ci/goose-audit-ci.sh; these tests run that script (and the
/// template's own script lines) in a simulated CI environment with the built binary.
@Suite(.serialized)
struct IntegrationScriptTests {
    static let script = Binary.packageRoot + "/ci/goose-audit-ci.sh"
    static let gitAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/git")

    /// A repository whose base commit holds the policy; the "pull request" commit turns GOOSE_MODE to auto
    /// (a high finding) and adds a .goose-audit.yaml that tries to switch that check off.
    struct Repository {
        var tree: FixtureTree
        var base: String
    }

    func git(_ arguments: [String], in directory: String) throws -> String {
        let result = try Shell.capture(
            "/usr/bin/git", ["-c", "user.name=ci", "-c", "user.email=ci@example.invalid", "-c", "commit.gpgsign=false"] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory, "GIT_CONFIG_NOSYSTEM": "1"], directory: directory)
        struct GitFailed: Error { var message: String }
        guard result.status == 0 else { throw GitFailed(message: "git \(arguments): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func repository(basePolicy: String = "fail_on: high\n") throws -> Repository {
        let tree = try FixtureTree("ci-repo")
        _ = try git(["init", "-q", "-b", "main"], in: tree.root)
        try tree.file("README.md", "team goose config\n", mode: 0o644)
        try tree.file(".goose-audit.yaml", basePolicy, mode: 0o644)
        _ = try git(["add", "-A"], in: tree.root)
        _ = try git(["commit", "-qm", "base"], in: tree.root)
        let base = try git(["rev-parse", "HEAD"], in: tree.root)
        try tree.file("config.yaml", "GOOSE_MODE: auto\n", mode: 0o644)
        try tree.file(".goose-audit.yaml", "checks:\n  disable: [goose_mode_auto]\n", mode: 0o644)
        _ = try git(["add", "-A"], in: tree.root)
        _ = try git(["commit", "-qm", "pull request"], in: tree.root)
        return Repository(tree: tree, base: base)
    }

    func run(_ arguments: [String], in directory: String, environment: [String: String]) throws -> Shell.Output {
        var env = ["PATH": (Binary.path as NSString).deletingLastPathComponent + ":/usr/bin:/bin", "HOME": directory, "LANG": "C.UTF-8"]
        env.merge(environment) { _, new in new }
        return try Shell.capture("/bin/bash", [Self.script] + arguments, environment: env, directory: directory)
    }

    @Test(
        "GitHub: the scan uses the base commit's policy, writes SARIF, the job summary and step outputs",
        .enabled(if: gitAvailable, "needs git"))
    func github() throws {
        let repo = try repository()
        let runner = try FixtureTree("ci-runner")
        let summary = try runner.file("step-summary.md", "")
        let output = try runner.file("github-output", "")
        let result = try run(
            ["scan"], in: repo.tree.root,
            environment: [
                "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": repo.tree.root, "RUNNER_TEMP": runner.root,
                "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": output, "GOOSE_AUDIT_POLICY_REF": repo.base,
            ])
        #expect(result.status == 1, "the pull request's own .goose-audit.yaml must not switch the check off: \(result.stderr)")
        let sarif = runner.path("goose-audit/reports/goose-audit.sarif")
        #expect(try String(contentsOfFile: sarif, encoding: .utf8).contains("goose_mode_auto"))
        #expect(try String(contentsOfFile: summary, encoding: .utf8).contains("## goose-audit report"))
        let outputs = try String(contentsOfFile: output, encoding: .utf8)
        #expect(outputs.contains("sarif=\(sarif)") && outputs.contains("exit-code=1"), "\(outputs)")
        #expect(!FileManager.default.fileExists(atPath: repo.tree.path("goose-audit-reports")), "nothing written into the workspace")
    }

    @Test("a baseline from the base commit accepts known findings; --fail-on never reports only", .enabled(if: gitAvailable, "needs git"))
    func baselineAndReportOnly() throws {
        let repo = try repository()
        let runner = try FixtureTree("ci-runner-baseline")
        // Accept today's finding on the protected branch (without the pull request's weakening policy).
        try FileManager.default.removeItem(atPath: repo.tree.path(".goose-audit.yaml"))
        let accepted = try Binary.run(
            ["baseline", "create", ".", "--output", repo.tree.path(".goose-audit.baseline.json")], home: repo.tree.root)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        _ = try git(["add", "-A"], in: repo.tree.root)
        _ = try git(["commit", "-qm", "accept the baseline"], in: repo.tree.root)
        let head = try git(["rev-parse", "HEAD"], in: repo.tree.root)
        let clean = try run(["scan"], in: repo.tree.root, environment: ["RUNNER_TEMP": runner.root, "GOOSE_AUDIT_POLICY_REF": head])
        #expect(clean.status == 0, "\(clean.stderr)")
        let reportOnly = try run(
            ["scan"], in: repo.tree.root,
            environment: [
                "RUNNER_TEMP": runner.root, "GOOSE_AUDIT_POLICY_REF": repo.base, "GOOSE_AUDIT_FAIL_ON": "never",
            ])
        #expect(reportOnly.status == 0, "\(reportOnly.stderr)")
    }

    @Test(
        "GitLab: the template's script lines run the scan and leave JUnit and HTML in the project", .enabled(if: gitAvailable, "needs git"))
    func gitlab() throws {
        let repo = try repository()
        let template = try String(contentsOfFile: Binary.packageRoot + "/ci/gitlab/goose-audit.gitlab-ci.yml", encoding: .utf8)
        // The `script:` list of the hidden job, as GitLab runs it (one shell, line by line).
        var lines: [String] = []
        var inScript = false
        for line in template.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "  script:" { inScript = true; continue }
            if inScript, line.hasPrefix("    - ") { lines.append(String(line.dropFirst(6))); continue }
            if inScript { break }
        }
        #expect(lines.contains { $0.contains("goose-audit-ci.sh scan") }, "\(lines)")
        let tools = try FixtureTree("ci-tools")
        try tools.symlink("goose-audit-ci.sh", to: Self.script)
        let env = [
            "PATH": tools.root + ":" + (Binary.path as NSString).deletingLastPathComponent + ":/usr/bin:/bin", "HOME": repo.tree.root,
            "GITLAB_CI": "true", "CI_PROJECT_DIR": repo.tree.root, "CI_MERGE_REQUEST_DIFF_BASE_SHA": repo.base,
            "CI_COMMIT_SHA": try git(["rev-parse", "HEAD"], in: repo.tree.root),
        ]
        let result = try Shell.capture("/bin/sh", ["-ec", lines.joined(separator: "\n")], environment: env, directory: repo.tree.root)
        #expect(result.status == 1, "\(result.stderr)")
        let junit = try String(contentsOfFile: repo.tree.path("goose-audit-reports/goose-audit.xml"), encoding: .utf8)
        #expect(junit.contains("<failure") && junit.contains("goose_mode_auto"))
        #expect(FileManager.default.fileExists(atPath: repo.tree.path("goose-audit-reports/goose-audit.html")))
    }

    @Test("install unpacks a release tarball after checking its SHA-256, and refuses a wrong one")
    func install() throws {
        let dist = try FixtureTree("ci-dist")
        try dist.directory("goose-audit-0.1.0-linux-x86_64/bin")
        let staged = dist.path("goose-audit-0.1.0-linux-x86_64/bin/goose-audit")
        try FileManager.default.copyItem(atPath: Binary.path, toPath: staged)
        _ = try Shell.run("/bin/tar", ["-czf", dist.path("release.tar.gz"), "-C", dist.root, "goose-audit-0.1.0-linux-x86_64"])
        let digest = String(try Shell.run("/usr/bin/sha256sum", [dist.path("release.tar.gz")]).prefix(64))
        let runner = try FixtureTree("ci-install")
        let githubPath = try runner.file("github-path", "")
        let good = try run(
            ["install"], in: runner.root,
            environment: [
                "RUNNER_TEMP": runner.root, "GITHUB_PATH": githubPath,
                "GOOSE_AUDIT_TARBALL_URL": "file://" + dist.path("release.tar.gz"), "GOOSE_AUDIT_SHA256": digest,
            ])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("0.1.0"))
        #expect(try String(contentsOfFile: githubPath, encoding: .utf8) == runner.path("goose-audit/bin") + "\n")
        let bad = try run(
            ["install"], in: runner.root,
            environment: [
                "RUNNER_TEMP": try FixtureTree("ci-install-bad").root,
                "GOOSE_AUDIT_TARBALL_URL": "file://" + dist.path("release.tar.gz"), "GOOSE_AUDIT_SHA256": String(repeating: "0", count: 64),
            ])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("SHA-256"))
    }

    @Test("action.yml runs the tested script, uploads SARIF with upload-sarif v3 and clones nothing")
    func actionDefinition() throws {
        let action = try String(contentsOfFile: Binary.packageRoot + "/action.yml", encoding: .utf8)
        #expect(action.contains("using: composite"))
        #expect(action.contains("\"$GITHUB_ACTION_PATH/ci/goose-audit-ci.sh\" scan"))
        #expect(action.contains("uses: github/codeql-action/upload-sarif@v3"))
        #expect(action.contains("uses: actions/cache@v4"))
        #expect(action.contains("GOOSE_AUDIT_POLICY_REF: ${{ inputs.policy-ref }}"))
        #expect(!action.contains("git clone"))
    }
}
