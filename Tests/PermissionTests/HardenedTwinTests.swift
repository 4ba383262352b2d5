import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// The goose-in-CI patterns not covered by `AgentWorkflowTests`/`WorkflowPracticeTests.hardenedTwins`:
/// each failing fixture with its severity, and a hardened twin written as a careful team would write it
/// (an author gate that holds, a read-only token, the key on the goose step only, a pinned installer, no
/// event text in the prompt or recipe) that yields nothing above low from any workflow check.
struct HardenedTwinTests {
    static let agentRule = "workflow_agent_on_untrusted_input"
    static let pin = "11bd71901bbe5b1630ceea73d27597364c9af683"
    static let owners = [".github/CODEOWNERS": "* @org/maintainers\n/.github/workflows/ @org/security\n/recipes/ @org/security\n"]

    func lines(_ lines: String...) -> String { lines.joined(separator: "\n") + "\n" }

    func scan(_ body: String, _ name: String, extra: [String: String] = [:]) throws -> [Finding] {
        try Permissions.scanWorkflows([".github/workflows/goose.yml": body].merging(extra) { $1 }, name).findings
    }

    func agent(_ body: String, _ name: String) throws -> Finding {
        try #require(try scan(body, name).first { $0.ruleID == Self.agentRule })
    }

    /// Every workflow check stays at low or below for a hardened twin (CODEOWNERS present, as a careful team has it).
    func expectQuiet(_ body: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let loud = try scan(body, "twin-\(name)", extra: Self.owners).filter { $0.severity > .low }
        #expect(loud.isEmpty, "\(name): \(loud.map { "\($0.ruleID) \($0.message)" })", sourceLocation: sourceLocation)
    }

    /// goose from a pinned release, its installer checked against a recorded digest before it runs.
    static let install = [
        "      - name: Install goose", "        run: |",
        "          curl -fsSLo install.sh https://github.com/block/goose/releases/download/v1.14.0/download_cli.sh",
        "          echo \"\(String(repeating: "0", count: 64))  install.sh\" | sha256sum -c",
        "          GOOSE_VERSION=v1.14.0 CONFIGURE=false bash install.sh",
    ].joined(separator: "\n")

    static func insiders(_ field: String) -> String {
        "    if: contains(fromJSON('[\"OWNER\",\"MEMBER\",\"COLLABORATOR\"]'), github.event.\(field).author_association)"
    }

    /// The opening of a failing fixture: one job `t` on `event`, its token scope, no gate (seven lines).
    static func bare(_ event: String, _ scope: String = "contents: read") -> String {
        ["on: \(event)", "permissions:", "  \(scope)", "jobs:", "  t:", "    runs-on: x", "    steps:"].joined(separator: "\n")
    }

    /// The opening of a hardened twin: one event type, a read-only token, a gated job, the head not persisted.
    static func head(_ event: String, _ type: String, job: String, gate: String, checkout: Bool = true) -> String {
        ([
            "on:", "  \(event):", "    types: [\(type)]", "permissions:", "  contents: read", "jobs:", "  \(job):", gate,
            "    runs-on: ubuntu-latest", "    steps:",
        ]
            + (checkout ? ["      - uses: actions/checkout@\(pin)", "        with:", "          persist-credentials: false"] : [])
            + [install]).joined(separator: "\n")
    }

    @Test("workflow_run: the triggering run's artifact or head handed to goose is critical with a secret; the twin stays quiet")
    func workflowRun() throws {
        let artifact = lines(
            "on:", "  workflow_run:", "    workflows: [ci]", "    types: [completed]", "permissions:", "  contents: read",
            "  actions: read", "jobs:", "  fix:", "    runs-on: x", "    steps:", "      - uses: actions/download-artifact@\(Self.pin)",
            "        with:", "          name: test-report", "          run-id: ${{ github.event.workflow_run.id }}",
            "          github-token: ${{ github.token }}", "      - run: goose run --with-builtin developer -t \"fix the failing tests\"",
            "        env:", "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}")
        let finding = try agent(artifact, "wfrun-artifact")
        #expect(finding.severity == .critical)
        #expect(finding.location.line == 15)
        #expect(finding.message.contains("artifact `test-report` of the triggering run"))
        let download = artifact.replacingOccurrences(
            of:
                "      - uses: actions/download-artifact@\(Self.pin)\n        with:\n          name: test-report\n          run-id: ${{ github.event.workflow_run.id }}\n          github-token: ${{ github.token }}\n",
            with: "      - run: gh run download \"$RUN\" -n test-report\n        env:\n          RUN: ${{ github.event.workflow_run.id }}\n"
        )
        #expect(try agent(download, "wfrun-gh").location.line == 12)
        let twin = lines(
            "on:", "  workflow_run:", "    workflows: [ci]", "    types: [completed]", "permissions:", "  contents: read", "jobs:",
            "  explain:",
            "    if: >-", "      github.event.workflow_run.conclusion == 'failure' &&",
            "      github.event.workflow_run.head_repository.full_name == github.repository",
            "    runs-on: ubuntu-latest", "    steps:", "      - uses: actions/checkout@\(Self.pin)", "        with:",
            "          persist-credentials: false", Self.install,
            "      - run: goose run --with-builtin developer -t \"Explain why the last CI run on the default branch failed\"",
            "        env:", "          GOOSE_MODE: approve", "          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}")
        try expectQuiet(twin, "workflow_run")
        // The same-repository test holds for workflow_run too: the artifact fixture behind it is not reported.
        let gated = artifact.replacingOccurrences(
            of: "    runs-on: x\n",
            with: "    if: github.event.workflow_run.head_repository.full_name == github.repository\n    runs-on: x\n")
        #expect(try scan(gated, "wfrun-gated").contains { $0.ruleID == Self.agentRule } == false)
    }

    @Test("pull_request_review body into --params of an auto-mode agent is critical with a write token; the twin stays quiet")
    func reviewParams() throws {
        let failing = lines(
            Self.bare("pull_request_review", "contents: write"),
            "      - run: goose run --with-builtin developer --recipe .goose/review.yaml --params request=\"$BODY\"", "        env:",
            "          BODY: ${{ github.event.review.body }}")
        let finding = try agent(failing, "review-params")
        #expect(finding.severity == .critical)
        #expect(finding.location.line == 8)
        #expect(finding.message.contains("github.event.review.body (via env `BODY`)"))
        #expect(finding.message.contains("`--params`"))
        let twin = lines(
            Self.head("pull_request_review", "submitted", job: "follow-up", gate: Self.insiders("review")),
            "      - run: goose run --recipe recipes/review-follow-up.yaml --params pr=\"$PR\"", "        env:",
            "          PR: ${{ github.event.pull_request.number }}",
            "          GOOSE_MODE: approve", "          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}")
        try expectQuiet(twin, "review-params")
    }

    @Test("discussion text rendered into a recipe by envsubst is high on a read-only token; the twin stays quiet")
    func discussionEnvsubst() throws {
        let failing = lines(
            Self.bare("discussion"),
            "      - run: envsubst < recipes/answer.tpl > recipe.yaml", "        env:",
            "          ASK: ${{ github.event.discussion.body }}",
            "      - run: goose run --recipe recipe.yaml --with-builtin developer")
        let finding = try agent(failing, "discussion-envsubst")
        #expect(finding.severity == .high)
        #expect(finding.location.line == 8)
        #expect(finding.message.contains("a file rendered by `envsubst`"))
        // envsubst limited to named variables renders only those: the discussion text stays out of the recipe.
        let limited = failing.replacingOccurrences(of: "envsubst < ", with: "envsubst '$REPO' < ")
            .replacingOccurrences(of: "        env:\n", with: "        env:\n          REPO: ${{ github.repository }}\n")
        #expect(try scan(limited, "discussion-envsubst-limited").contains { $0.message.contains("envsubst") } == false)
        let twin = lines(
            Self.head("discussion", "created", job: "answer", gate: Self.insiders("discussion")),
            "      - run: envsubst '$REPO $NUMBER' < recipes/answer.tpl > recipe.yaml", "        env:",
            "          REPO: ${{ github.repository }}",
            "          NUMBER: ${{ github.event.discussion.number }}", "      - run: goose run --recipe recipe.yaml", "        env:",
            "          GOOSE_MODE: approve", "          GOOGLE_API_KEY: ${{ secrets.GOOGLE_API_KEY }}")
        try expectQuiet(twin, "discussion-envsubst")
    }

    @Test("comment text in an environment variable goose reads is high; the twin takes its settings from repository variables")
    func environmentSink() throws {
        let failing = lines(
            Self.bare("issue_comment"),
            "      - run: goose run --with-builtin developer -t \"answer the question in question.txt\"", "        env:",
            "          GOOSE_MODEL: ${{ github.event.comment.body }}", "          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}")
        let finding = try agent(failing, "env-sink")
        #expect(finding.severity == .high)
        #expect(finding.message.contains("environment variable `GOOSE_MODEL` goose reads"))
        #expect(finding.location.line == 8)
        let twin = lines(
            Self.head("issue_comment", "created", job: "answer", gate: Self.insiders("comment"), checkout: false),
            "      - run: goose run --with-builtin developer -t \"Summarise the open questions in docs/faq.md\"", "        env:",
            "          GOOSE_MODE: approve", "          GOOSE_PROVIDER: openai", "          GOOSE_MODEL: ${{ vars.GOOSE_MODEL }}",
            "          OPENAI_HOST: ${{ vars.OPENAI_HOST }}", "          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}")
        try expectQuiet(twin, "env-sink")
    }

    @Test("a provider key in workflow-level env is medium and names the key; the twin sets it on the goose step")
    func workflowLevelKey() throws {
        let failing = lines(
            "on: push", "permissions:", "  contents: read", "env:", "  ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}", "jobs:",
            "  docs:", "    runs-on: x", "    steps:", "      - uses: actions/setup-node@\(Self.pin)", "      - run: npm ci",
            "      - run: goose run --with-builtin developer -t \"update the changelog\"")
        let findings = try scan(failing, "key-workflow").filter { $0.ruleID == "workflow_agent_secret_broad_scope" }
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .medium)
        #expect(finding.location.line == 5)
        #expect(finding.message.contains("provider key `ANTHROPIC_API_KEY`"))
        let twin = lines(
            "on:", "  push:", "    branches: [main]", "permissions:", "  contents: read", "jobs:", "  docs:", "    runs-on: ubuntu-latest",
            "    steps:", "      - uses: actions/checkout@\(Self.pin)", "        with:", "          persist-credentials: false",
            "      - uses: actions/setup-node@\(Self.pin)", "      - run: npm ci", Self.install,
            "      - run: goose run --with-builtin developer -t \"Draft release notes into notes.md\"", "        env:",
            "          GOOSE_MODE: approve", "          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}")
        try expectQuiet(twin, "key-workflow")
    }

    @Test("a GitHub App token minted before goose is in its reach (critical); the twin mints it after goose for the posting step only")
    func appToken() throws {
        let failing = lines(
            Self.bare("issue_comment"),
            "      - uses: actions/create-github-app-token@\(Self.pin)", "        id: app", "        with:",
            "          app-id: ${{ vars.APP_ID }}", "          private-key: ${{ secrets.APP_PRIVATE_KEY }}",
            "      - run: goose run --with-builtin developer -t \"$BODY\"", "        env:",
            "          GH_TOKEN: ${{ steps.app.outputs.token }}",
            "          BODY: ${{ github.event.comment.body }}")
        let finding = try agent(failing, "app-token")
        #expect(finding.severity == .critical)
        #expect(finding.message.contains("GitHub App token (`actions/create-github-app-token`)"))
        #expect(finding.location.line == 13)
        #expect(try scan(failing, "app-token-all").filter { $0.ruleID == Self.agentRule }.count == 1)  // one finding per agent step
        let twin = lines(
            Self.head("issue_comment", "created", job: "reply", gate: Self.insiders("comment")),
            "      - run: goose run --with-builtin developer -t \"Draft a reply for issue $NUMBER into reply.md\"", "        env:",
            "          NUMBER: ${{ github.event.issue.number }}", "          GOOSE_MODE: approve",
            "          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}", "      - uses: actions/create-github-app-token@\(Self.pin)",
            "        id: app", "        with:", "          app-id: ${{ vars.APP_ID }}",
            "          private-key: ${{ secrets.APP_PRIVATE_KEY }}",
            "          permission-issues: write", "      - run: gh issue comment \"$NUMBER\" --body-file reply.md", "        env:",
            "          GH_TOKEN: ${{ steps.app.outputs.token }}", "          NUMBER: ${{ github.event.issue.number }}")
        try expectQuiet(twin, "app-token")
    }
}
