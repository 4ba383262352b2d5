import GooseAuditCore
import GooseAuditTestSupport
import Testing

@testable import WorkflowChecks

/// Workflow fixtures beyond the checks' documented examples.
struct WorkflowTests {
    func scan(_ files: [String: String], _ name: String) throws -> [Finding] {
        let tree = try FixtureTree(name)
        for (path, text) in files { try tree.file(path, text) }
        // CODEOWNERS coverage has its own tests (WorkflowPracticeTests); these fixtures have none.
        return CheckRunner.scan(Permissions.workflowChecks, root: tree.root, role: .path).findings
            .filter { $0.ruleID != "workflow_codeowners_missing" }
    }

    func workflow(_ body: String) -> [String: String] { [".github/workflows/publish.yml": body] }

    static let header = "permissions:\n  contents: read\n"

    @Test("a job-level main-branch condition restricts every step; an `||` condition does not")
    func jobCondition() throws {
        let guarded =
            "on: push\n" + Self.header
            + "jobs:\n  publish:\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo publish\n"
        #expect(try scan(workflow(guarded), "wf-job-if").filter { $0.ruleID == "workflow_publish_unrestricted" }.isEmpty)
        let loose = guarded.replacingOccurrences(
            of: "if: github.ref == 'refs/heads/main'",
            with: "if: github.ref == 'refs/heads/main' || github.event_name == 'workflow_dispatch'")
        let findings = try scan(workflow(loose), "wf-job-or").filter { $0.ruleID == "workflow_publish_unrestricted" }
        #expect(findings.map(\.location.keyPath) == ["jobs.publish.steps[0].run"])
        #expect(findings.first?.location.line == 9)
    }

    @Test("a push trigger limited to main counts as restricted; one with extra branches does not")
    func branchFilters() throws {
        let main =
            "on:\n  push:\n    branches: [main]\n" + Self.header
            + "jobs:\n  p:\n    runs-on: x\n    steps:\n      - run: twine upload dist/*\n"
        #expect(try scan(workflow(main), "wf-main").filter { $0.ruleID == "workflow_publish_unrestricted" }.isEmpty)
        let wide = main.replacingOccurrences(of: "[main]", with: "[main, 'feature/**']")
        #expect(try scan(workflow(wide), "wf-wide").contains { $0.ruleID == "workflow_publish_unrestricted" })
    }

    @Test("a job bound to an environment is medium with low confidence; dry runs are not publishing")
    func environmentsAndDryRuns() throws {
        let body =
            "on: push\n" + Self.header
            + "jobs:\n  p:\n    environment: release\n    runs-on: x\n    steps:\n      - run: npm publish --dry-run\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n"
        let findings = try scan(workflow(body), "wf-env").filter { $0.ruleID == "workflow_publish_unrestricted" }
        #expect(findings.count == 1)
        #expect(findings.first?.location.keyPath == "jobs.p.steps[1].uses")
        #expect(findings.first?.severity == .medium)
        #expect(findings.first?.confidence == .low)
    }

    @Test("GitLab jobs restricted by rules or only are not reported")
    func gitLabRules() throws {
        let tagged = "publish:\n  script:\n    - npm publish\n  rules:\n    - if: $CI_COMMIT_TAG\n"
        #expect(try scan([".gitlab-ci.yml": tagged], "gl-rules").isEmpty)
        let main = "publish:\n  script: docker push registry.example/app:1.0\n  only:\n    - main\n"
        #expect(try scan([".gitlab-ci.yml": main], "gl-only").isEmpty)
        let any = "publish:\n  script: docker push registry.example/app:1.0\n  rules:\n    - if: $CI_COMMIT_BRANCH\n"
        #expect(try scan([".gitlab-ci.yml": any], "gl-any").map(\.ruleID) == ["workflow_publish_unrestricted"])
    }

    @Test("pull_request_target with github.head_ref is critical when the job then runs commands")
    func pullRequestTargetHeadRef() throws {
        let body =
            "on:\n  pull_request_target:\n    types: [opened]\n" + Self.header
            + "jobs:\n  t:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with:\n          ref: ${{ github.head_ref }}\n      - run: make test\n"
        let finding = try #require(try scan(workflow(body), "wf-prt").first { $0.ruleID == "workflow_pull_request_target_checkout" })
        #expect(finding.severity == .critical)
        #expect(finding.location.line == 12)
    }

    @Test("reusable workflows, docker actions and first-party actions are pinned-checked with their own severities")
    func pinning() throws {
        let body =
            "on: push\n" + Self.header
            + "jobs:\n  call:\n    uses: acme/shared/.github/workflows/build.yml@main\n  b:\n    runs-on: x\n    steps:\n      - uses: docker://alpine:3.20\n      - uses: github/codeql-action/init@v3\n"
        let findings = try scan(workflow(body), "wf-pin").filter { $0.ruleID == "workflow_action_not_pinned" }
        let bySeverity = Dictionary(grouping: findings, by: \.severity).mapValues { $0.compactMap(\.location.keyPath).sorted() }
        #expect(bySeverity[.medium] == ["jobs.b.steps[0].uses", "jobs.call.uses"])
        #expect(bySeverity[.low] == ["jobs.b.steps[1].uses"])
    }

    @Test("a secret piped into a command is medium, a masked one is not reported")
    func secretForms() throws {
        let body =
            "on: push\n" + Self.header
            + "jobs:\n  b:\n    runs-on: x\n    steps:\n      - run: |\n          echo \"::add-mask::${{ secrets.A }}\"\n          echo ${{ secrets.REGISTRY }} | docker login -u bot --password-stdin\n"
        let findings = try scan(workflow(body), "wf-secrets").filter { $0.ruleID == "workflow_secret_echoed" }
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .medium)
        #expect(findings.first?.location.line == 10)
        #expect(findings.first?.message.contains("secrets.REGISTRY") == true)
    }

    @Test("job-level write-all is high; a job without permissions under a top-level block is fine")
    func jobPermissions() throws {
        let body =
            "on: push\n" + Self.header
            + "jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n  b:\n    permissions: write-all\n    runs-on: x\n    steps:\n      - run: make\n"
        let findings = try scan(workflow(body), "wf-perms").filter { $0.ruleID == "workflow_excessive_permissions" }
        #expect(findings.map(\.location.keyPath) == ["jobs.b.permissions"])
        #expect(findings.first?.severity == .high)
    }

    @Test("a malformed workflow becomes a notice, not a crash")
    func malformed() throws {
        let tree = try FixtureTree("wf-bad")
        try tree.file(".github/workflows/bad.yml", "on: [push\njobs: {\n")
        let result = CheckRunner.scan(Permissions.workflowChecks, root: tree.root, role: .path)
        #expect(result.findings.filter { $0.ruleID != "workflow_codeowners_missing" }.isEmpty)
        #expect(result.notices.contains { $0.kind == .parseError && $0.path.hasSuffix("bad.yml") })
    }

    @Test("a script that tests the ref itself before publishing is restricted")
    func shellGuard() throws {
        let body =
            "on: push\n" + Self.header
            + "jobs:\n  p:\n    runs-on: x\n    steps:\n      - run: |\n          if [ \"$GITHUB_REF\" = \"refs/heads/main\" ]; then\n            npm publish\n          fi\n"
        #expect(try scan(workflow(body), "wf-shell-guard").filter { $0.ruleID == "workflow_publish_unrestricted" }.isEmpty)
    }

    @Test("a branch-and-tag push plus a manual dispatch: the dispatch is named as the way in; changesets publishes only with `publish:`")
    func dispatchIsTheWayIn() throws {
        let body =
            "on:\n  push:\n    branches: [main]\n    tags: ['v*']\n  workflow_dispatch:\n" + Self.header
            + "jobs:\n  r:\n    runs-on: x\n    steps:\n      - uses: changesets/action@6d3568c53fbe1db6c1f9ab1c7fbf9092bc18627f\n        with:\n          version: pnpm run version\n"
            + "      - uses: changesets/action@6d3568c53fbe1db6c1f9ab1c7fbf9092bc18627f\n        with:\n          publish: pnpm run release\n"
        let findings = try scan(workflow(body), "wf-dispatch-way-in").filter { $0.ruleID == "workflow_publish_unrestricted" }
        #expect(findings.map(\.location.keyPath) == ["jobs.r.steps[1].uses"])
        #expect(findings.first?.message.contains("(started by workflow_dispatch)") == true)
    }

    @Test("branch names and comment bodies in scripts are injection points; commit SHAs are not")
    func injection() throws {
        let body =
            "on: [pull_request_target, issue_comment]\n" + Self.header
            + "jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: git checkout ${{ github.event.pull_request.head.sha }}\n"
            + "      - run: |\n          echo building\n          ./build.sh ${{ github.head_ref }}\n          echo \"${{ github.event.comment.body }}\" > prompt.txt\n"
        let findings = try scan(workflow(body), "wf-injection").filter { $0.ruleID == "workflow_untrusted_input_in_run" }
        #expect(findings.compactMap(\.location.line).sorted() == [11, 12])
        #expect(findings.allSatisfy { $0.location.keyPath == "jobs.a.steps[1].run" })
    }

    @Test("goose on untrusted events without passed text is medium and names auto mode; a push-triggered goose run is not reported")
    func agentOnUntrustedInput() throws {
        let job =
            "jobs:\n  solve:\n    runs-on: x\n    steps:\n      - uses: block/goose-action@v1\n        env:\n          GOOSE_MODE: auto\n"
        let untrusted = try scan(workflow("on: [issues]\n" + Self.header + job), "wf-agent-issues")
        let finding = try #require(untrusted.first { $0.ruleID == "workflow_agent_on_untrusted_input" })
        #expect(finding.message.contains("GOOSE_MODE auto"))
        #expect(finding.severity == .medium)
        #expect(finding.location.keyPath == "jobs.solve.steps[0].uses")
        let trusted = try scan(workflow("on: [push]\n" + Self.header + job), "wf-agent-push")
        #expect(!trusted.contains { $0.ruleID == "workflow_agent_on_untrusted_input" })
    }

    @Test("job containers and services on latest or no tag are reported; tagged and digest images are not")
    func containerImages() throws {
        let body =
            "on: push\n" + Self.header
            + "jobs:\n  a:\n    runs-on: x\n    container:\n      image: ghcr.io/aaif/goose:latest\n    services:\n      db:\n        image: postgres\n      cache:\n        image: redis:7.2\n    steps:\n      - run: make\n"
        let findings = try scan(workflow(body), "wf-containers").filter { $0.ruleID == "workflow_action_not_pinned" }
        #expect(findings.compactMap(\.location.keyPath).sorted() == ["jobs.a.container.image", "jobs.a.services.db.image"])
    }

    @Test("a goose image on latest or no tag is reported once, by the goose install rule; another image by the generic rule")
    func gooseImageReportedOnce() throws {
        func job(_ container: String, _ service: String) -> String {
            "on: push\n" + Self.header
                + "jobs:\n  a:\n    runs-on: x\n    container: \(container)\n    services:\n      agent:\n        image: \(service)\n    steps:\n      - run: make\n"
        }
        let goose = try scan(workflow(job("block/goose:latest", "ghcr.io/block/goose")), "wf-goose-image-once")
        for keyPath in ["jobs.a.container", "jobs.a.services.agent.image"] {
            let here = goose.filter { $0.location.keyPath == keyPath }
            #expect(here.map(\.ruleID) == ["workflow_goose_install_unpinned"], "\(keyPath): \(here.map(\.ruleID))")
        }
        let other = try scan(workflow(job("node:latest", "docker.io/library/postgres")), "wf-other-image-once")
        for keyPath in ["jobs.a.container", "jobs.a.services.agent.image"] {
            let here = other.filter { $0.location.keyPath == keyPath }
            #expect(here.map(\.ruleID) == ["workflow_action_not_pinned"], "\(keyPath): \(here.map(\.ruleID))")
        }
    }

    @Test("the moving-tag test shared by both image rules: latest and no tag move, a tag or a digest does not")
    func movingTags() {
        #expect(WorkflowModule.movingTag("block/goose:latest") == .latest)
        #expect(WorkflowModule.movingTag("ghcr.io/block/goose") == .untagged)
        #expect(WorkflowModule.movingTag("localhost:5000/goose") == .untagged)
        #expect(WorkflowModule.movingTag("ghcr.io/block/goose:v1.14.0") == nil)
        #expect(WorkflowModule.movingTag("ghcr.io/block/goose:latest@sha256:" + String(repeating: "a", count: 64)) == nil)
    }
}
