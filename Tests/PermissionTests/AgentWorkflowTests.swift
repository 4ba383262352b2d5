import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// goose in CI: every trigger, taint path and reach of `workflow_agent_on_untrusted_input`, each with a
/// hardened twin. Fixture lines are listed one per argument so that line numbers can be read off.
struct AgentWorkflowTests {
    static let agentRule = "workflow_agent_on_untrusted_input"
    static let pin = "11bd71901bbe5b1630ceea73d27597364c9af683"

    func yaml(_ lines: String...) -> String { lines.joined(separator: "\n") + "\n" }

    func scan(_ files: [String: String], _ name: String) throws -> ScanResult { try Permissions.scanWorkflows(files, name) }

    func agent(_ body: String, _ name: String, path: String = ".github/workflows/goose.yml") throws -> [Finding] {
        try scan([path: body], name).findings.filter { $0.ruleID == Self.agentRule }
    }

    @Test("comment text expanded into a recipe heredoc is critical and names the expression and the heredoc line")
    func commentToRecipe() throws {
        let findings = try scan([".github/workflows/goose.yml": Self.commentToRecipe], "agent-recipe").findings.filter {
            $0.ruleID == Self.agentRule
        }
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .critical)
        #expect(finding.location.line == 17)
        #expect(finding.location.keyPath == "jobs.goose.steps[1].run")
        #expect(finding.message.contains("github.event.comment.body"))
        #expect(finding.message.contains("a heredoc written to `recipe.yaml` on line 17"))
        #expect(finding.message.contains("developer"))
        #expect(finding.message.contains("contents: write"))
        #expect(finding.evidence.text.contains("input=github.event.comment.body"))
    }

    static let commentToRecipe =
        [
            "on:", "  issue_comment:", "    types: [created]", "permissions:", "  contents: write", "jobs:", "  goose:",
            "    if: contains(github.event.comment.body, '/goose')", "    runs-on: ubuntu-latest", "    steps:",
            "      - uses: actions/checkout@\(pin)", "      - name: Write the recipe", "        run: |",
            "          cat > recipe.yaml <<EOF",
            "          version: 1.0.0", "          title: Comment task", "          instructions: ${{ github.event.comment.body }}",
            "          extensions:", "            - type: builtin", "              name: developer", "          EOF",
            "      - run: goose run --recipe recipe.yaml", "        env:", "          ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}",
        ].joined(separator: "\n") + "\n"

    @Test("pull_request_target with the head checked out hands goose the pull request's .goosehints: critical with a write token")
    func pwnRequestHints() throws {
        let body = yaml(
            "on: pull_request_target", "permissions:", "  pull-requests: write", "jobs:", "  review:", "    runs-on: x", "    steps:",
            "      - uses: actions/checkout@\(Self.pin)", "        with:", "          ref: ${{ github.event.pull_request.head.sha }}",
            "      - run: goose run --with-builtin developer -t \"Review this pull request\"")
        let finding = try #require(try agent(body, "agent-prt").first)
        #expect(finding.severity == .critical)
        #expect(finding.location.line == 10)
        #expect(finding.message.contains(".goosehints"))
        // Twin: the association gate holds, so nothing is reported.
        let gated = body.replacingOccurrences(
            of: "    runs-on: x\n",
            with:
                "    if: contains(fromJSON('[\"OWNER\",\"MEMBER\",\"COLLABORATOR\"]'), github.event.pull_request.author_association)\n    runs-on: x\n"
        )
        #expect(try agent(gated, "agent-prt-gated").isEmpty)
    }

    @Test("issue text through job-level env into --text, with no permissions block, is critical (default token)")
    func envIndirection() throws {
        let body = yaml(
            "on: issues", "jobs:", "  triage:", "    runs-on: x", "    env:", "      TITLE: ${{ github.event.issue.title }}", "    steps:",
            "      - run: |", "          echo start", "          goose run --with-builtin developer --text \"Triage $TITLE\"")
        let finding = try #require(try agent(body, "agent-env").first)
        #expect(finding.severity == .critical)
        #expect(finding.location.line == 10)
        #expect(finding.message.contains("github.event.issue.title (via env `TITLE`)"))
        #expect(finding.message.contains("default token"))
    }

    @Test("review bodies into --params, echo > files, envsubst and variables goose reads are each a path in")
    func sinks() throws {
        let params = yaml(
            "on: pull_request_review", "permissions:", "  contents: read", "jobs:", "  r:", "    runs-on: x", "    steps:",
            "      - run: goose run --recipe review.yaml --params body=\"$BODY\"", "        env:",
            "          BODY: ${{ github.event.review.body }}", "          GOOSE_MODE: approve")
        let low = try #require(try agent(params, "agent-params").first)
        #expect(low.message.contains("`--params`"))
        #expect(low.severity == .low)  // approve mode: no unattended tool calls
        let echo = yaml(
            "on: issues", "permissions:", "  contents: read", "jobs:", "  t:", "    runs-on: x", "    steps:",
            "      - run: echo \"${{ github.event.issue.body }}\" > prompt.txt",
            "      - run: goose run --with-builtin developer -i prompt.txt")
        let written = try #require(try agent(echo, "agent-echo").first)
        #expect(written.location.line == 8)
        #expect(written.severity == .high)  // executes, but only a read-only token and no secret
        let envsubst = yaml(
            "on: discussion", "permissions:", "  contents: read", "jobs:", "  t:", "    runs-on: x", "    steps:",
            "      - run: envsubst < recipe.tpl > recipe.yaml", "        env:", "          ASK: ${{ github.event.discussion.body }}",
            "      - run: goose run --recipe recipe.yaml --with-builtin developer")
        #expect(try agent(envsubst, "agent-envsubst").first?.location.line == 8)
        let host = yaml(
            "on: issue_comment", "permissions:", "  contents: read", "jobs:", "  t:", "    runs-on: x", "    steps:",
            "      - run: goose run --with-builtin developer -t \"answer\"", "        env:",
            "          OPENAI_HOST: ${{ github.event.comment.body }}")
        #expect(try agent(host, "agent-host").first?.message.contains("environment variable `OPENAI_HOST` goose reads") == true)
    }

    @Test("workflow_run checking out the head, and a goose action fed the issue body, are found")
    func workflowRunAndAction() throws {
        let run = yaml(
            "on:", "  workflow_run:", "    workflows: [ci]", "permissions:", "  contents: read", "jobs:", "  fix:", "    runs-on: x",
            "    steps:",
            "      - uses: actions/checkout@\(Self.pin)", "        with:", "          ref: ${{ github.event.workflow_run.head_sha }}",
            "      - run: goose run --with-builtin developer -t \"fix the build\"", "        env:",
            "          DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}")
        let finding = try #require(try agent(run, "agent-wfrun").first)
        #expect(finding.severity == .critical)  // a secret besides the provider key
        #expect(finding.location.line == 12)
        let action = yaml(
            "on: issues", "permissions:", "  contents: read", "jobs:", "  solve:", "    runs-on: x", "    steps:",
            "      - uses: michaelneale/goose-fix-it-action@v1", "        with:", "          task_request: ${{ github.event.issue.body }}",
            "        env:", "          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}")
        let result = try scan([".github/workflows/goose.yml": action], "agent-action").findings
        let fromAction = try #require(result.first { $0.ruleID == Self.agentRule })
        #expect(fromAction.location.line == 10)
        #expect(fromAction.severity == .high)
        #expect(result.first { $0.ruleID == "workflow_action_not_pinned" }?.severity == .high)
    }

    @Test("credentials in reach: a persisted PAT or cloud credentials make a read-only job critical; a fork pull_request stays high")
    func reach() throws {
        let pat = yaml(
            "on: issue_comment", "permissions:", "  contents: read", "jobs:", "  t:", "    runs-on: x", "    steps:",
            "      - uses: actions/checkout@\(Self.pin)", "        with:", "          token: ${{ secrets.BOT_PAT }}",
            "      - uses: aws-actions/configure-aws-credentials@\(Self.pin)",
            "      - run: goose run --with-builtin developer -t \"$BODY\"", "        env:",
            "          BODY: ${{ github.event.comment.body }}")
        let finding = try #require(try agent(pat, "agent-pat").first)
        #expect(finding.severity == .critical)
        #expect(finding.message.contains("`secrets.BOT_PAT` persisted in .git/config"))
        #expect(finding.message.contains("cloud credentials"))
        let fork = yaml(
            "on: pull_request", "permissions: write-all", "jobs:", "  t:", "    runs-on: x", "    steps:",
            "      - run: goose run --with-builtin developer -t \"$TITLE\"", "        env:",
            "          TITLE: ${{ github.event.pull_request.title }}")
        let capped = try #require(try agent(fork, "agent-fork").first)
        #expect(capped.severity == .high)
        #expect(capped.message.contains("withholds secrets"))
    }

    @Test("weak gates are reported and do not stop the agent finding; gates that hold do")
    func gates() throws {
        func body(_ condition: String) -> String {
            yaml(
                "on: issue_comment", "permissions:", "  contents: read", "jobs:", "  g:", "    if: \(condition)", "    runs-on: x",
                "    steps:",
                "      - run: goose run --with-builtin developer -t \"$BODY\"", "        env:",
                "          BODY: ${{ github.event.comment.body }}")
        }
        let weak = [
            "\"!contains(github.actor, 'bot')\"", "github.actor != 'dependabot[bot]'", "github.event.label.name == 'goose'",
            "github.event.comment.author_association != 'NONE'",
            "github.event.comment.author_association == 'MEMBER' || github.event_name == 'issue_comment'",
        ]
        for (index, condition) in weak.enumerated() {
            let findings = try scan([".github/workflows/goose.yml": body(condition)], "gate-weak-\(index)").findings
            let gate = try #require(findings.first { $0.ruleID == "workflow_agent_weak_gate" }, "\(condition)")
            #expect(gate.location.line == 6)
            #expect(gate.severity == .medium)
            #expect(findings.first { $0.ruleID == Self.agentRule }?.message.contains("its gate is weak") == true, "\(condition)")
        }
        let holding = [
            "github.event.comment.author_association == 'OWNER'", "github.actor == 'octocat'",
            "contains(fromJSON('[\"alice\",\"bob\"]'), github.event.comment.user.login)",
        ]
        for (index, condition) in holding.enumerated() {
            let findings = try scan([".github/workflows/goose.yml": body(condition)], "gate-holds-\(index)").findings
            #expect(!findings.contains { $0.ruleID == Self.agentRule || $0.ruleID == "workflow_agent_weak_gate" }, "\(condition)")
        }
        let environment = body("always()").replacingOccurrences(of: "    runs-on: x\n", with: "    environment: goose\n    runs-on: x\n")
        #expect(try agent(environment, "gate-env").isEmpty)
    }

    @Test("GitLab merge-request pipelines: only: merge_requests, an included file, a heredoc recipe and a token variable")
    func gitLab() throws {
        let included = yaml(
            "goose-fix:", "  only: [merge_requests]", "  variables:", "    GITLAB_TOKEN: $BOT_TOKEN", "  script:", "    - |",
            "      cat > recipe.yaml <<EOF", "      title: fix", "      instructions: $CI_MERGE_REQUEST_TITLE", "      EOF",
            "    - goose run --recipe recipe.yaml --with-builtin developer")
        let finding = try #require(try agent(included, "gl-included", path: ".gitlab/ci/goose.yml").first)
        #expect(finding.severity == .critical)
        #expect(finding.location.line == 9)
        #expect(finding.message.contains("$CI_MERGE_REQUEST_TITLE"))
        let labelled = yaml(
            "review:", "  rules:", "    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\" && $CI_MERGE_REQUEST_LABELS =~ /goose/",
            "  script:", "    - goose run --with-builtin developer -t \"review the diff\"")
        let findings = try scan([".gitlab-ci.yml": labelled], "gl-label").findings
        #expect(findings.first { $0.ruleID == Self.agentRule }?.severity == .high)  // the merge request's files
        #expect(findings.first { $0.ruleID == "workflow_agent_weak_gate" }?.location.keyPath == "review.rules")
        let pushOnly = "review:\n  script:\n    - goose run --with-builtin developer -t \"review\"\n"
        #expect(try agent(pushOnly, "gl-push", path: ".gitlab-ci.yml").isEmpty)
    }

    @Test("goose's CI tutorial shape: the fetched diff is the tainted input, high on a fork-capable pull_request; the installer is high")
    func tutorialShape() throws {
        let body =
            [
                "name: goose",
                "on:",
                "  pull_request:",
                "    types: [opened, synchronize, reopened, labeled]",
                "permissions:",
                "  contents: write",
                "  pull-requests: write",
                "  issues: write",
                "env:",
                "  PROVIDER_API_KEY: ${{ secrets.REPLACE_WITH_PROVIDER_API_KEY }}",
                "  PR_NUMBER: ${{ github.event.pull_request.number }}",
                "  GH_TOKEN: ${{ github.token }}",
                "jobs:",
                "  goose-comment:",
                "    runs-on: ubuntu-latest",
                "    steps:",
                "      - uses: actions/checkout@v4",
                "        with:",
                "          fetch-depth: 0",
                "      - name: Gather PR information",
                "        run: |",
                "          {",
                "          echo \"# Files Changed\"",
                "          gh pr diff $PR_NUMBER",
                "          } > changes.txt",
                "      - name: Install goose CLI",
                "        run: |",
                "          mkdir -p /home/runner/.local/bin",
                "          curl -fsSL https://github.com/block/goose/releases/download/stable/download_cli.sh | CONFIGURE=false INSTALL_PATH=/home/runner/.local/bin bash",
                "      - name: Run goose",
                "        run: |",
                "          goose run --with-builtin developer --instructions instructions.txt | tee pr_comment.txt",
            ].joined(separator: "\n") + "\n"
        let findings = try scan([".github/workflows/goose.yml": body], "agent-tutorial").findings
        let finding = try #require(findings.first { $0.ruleID == Self.agentRule })
        #expect(finding.severity == .high)
        #expect(finding.location.line == 24)
        #expect(finding.location.keyPath == "jobs.goose-comment.steps[1].run")
        #expect(finding.message.contains("text fetched with `gh pr diff`"))
        #expect(finding.message.contains("(and 1 more path)"))
        #expect(findings.first { $0.ruleID == "workflow_goose_install_unpinned" }?.location.line == 29)
        #expect(findings.first { $0.ruleID == "workflow_agent_secret_broad_scope" }?.location.keyPath == "env.PROVIDER_API_KEY")
    }

    @Test("a script that only mentions GOOSE_MODE does not set it")
    func modeMentions() throws {
        let body = yaml(
            "on: issues", "permissions:", "  contents: read", "jobs:", "  t:", "    runs-on: x", "    steps:", "      - run: |",
            "          echo \"GOOSE_MODE is $GOOSE_MODE\"", "          goose run --with-builtin developer -t \"$T\"", "        env:",
            "          T: ${{ github.event.issue.title }}", "          GOOSE_MODE: chat")
        #expect(try agent(body, "agent-mode-mention").first?.severity == .low)
        let auto = body.replacingOccurrences(of: "GOOSE_MODE: chat", with: "GOOSE_MODE: auto")
        #expect(try agent(auto, "agent-mode-auto").first?.severity == .high)
    }

    @Test("a credential on --with-extension never reaches the message or the evidence; the stdio extension executes")
    func extensionCredential() throws {
        let body = yaml(
            "on: issue_comment", "permissions:", "  contents: read", "jobs:", "  t:", "    runs-on: x", "    steps:",
            "      - run: goose run --with-extension \"API_TOKEN=not-a-real-token npx -y some-server\" -t \"$BODY\"", "        env:",
            "          BODY: ${{ github.event.comment.body }}")
        let finding = try #require(try agent(body, "agent-ext-credential").first)
        #expect(finding.message.contains("stdio npx"))
        #expect(!finding.message.contains("not-a-real-token"))
        #expect(!finding.evidence.text.contains("not-a-real-token"))
        #expect(finding.severity == .high)
    }
}
