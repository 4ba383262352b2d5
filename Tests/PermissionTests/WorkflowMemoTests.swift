import GooseAuditCore
import GooseAuditTestSupport
import Testing

@testable import WorkflowChecks

/// The places a workflow runs goose are worked out once per workflow file and shared by the checks
/// that need them (they were worked out again by each of four checks).
struct WorkflowMemoTests {
    /// A comment-triggered goose job behind a bot-name gate, with the provider key set for the whole
    /// workflow: each of the three agent checks reports it.
    static let triage = """
        on: issue_comment
        permissions:
          contents: read
        env:
          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}
        jobs:
          goose:
            if: "!contains(github.actor, 'bot')"
            runs-on: x
            steps:
              - uses: actions/setup-node@v4
              - run: goose run --text "$BODY"
                env:
                  BODY: ${{ github.event.comment.body }}

        """

    static let agentRules: Set = ["workflow_agent_on_untrusted_input", "workflow_agent_weak_gate", "workflow_agent_secret_broad_scope"]

    /// The workflow file of a fresh tree (kept while the tree lives), classified as the scanner would.
    func target(_ name: String) throws -> (FixtureTree, CheckTarget) {
        let tree = try FixtureTree(name)
        try tree.file(".github/workflows/triage.yml", Self.triage)
        let env = GooseEnvironment(variables: [:], currentDirectory: tree.root)
        let options = ScanOptions(roots: [ScanRoot(label: ".", path: tree.root, role: .path)])
        let context = ScanContext(environment: env, locations: Discovery.locate(env), options: options)
        let classify = ClassifyStage(context: context)
        let targets = DiscoverStage(options: options).run().entries.enumerated().map { classify.classify($1, index: $0) }
        return (tree, try #require(targets.first { $0.artifact.kind == .ciWorkflow }))
    }

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        try Permissions.workflowChecks.compactMap { $0 as? any ArtifactCheck }.flatMap { try $0.inspect(target) }
    }

    @Test("the agents are kept in the workflow file's memo after the checks ran")
    func agentsAreMemoised() throws {
        let (tree, target) = try target("wf-agents-memo")
        defer { withExtendedLifetime(tree) {} }
        let findings = try inspect(target)
        #expect(Set(findings.map(\.ruleID)).isSuperset(of: Self.agentRules), "\(findings.map(\.ruleID))")
        let kept = target.memo(Workflow.agentsMemo) { [GooseAgent]() }
        #expect(kept.map(\.job.name) == ["goose"])
    }

    @Test("every agent check reads the memoised agents instead of working them out again")
    func everyCheckReadsTheMemo() throws {
        let (tree, target) = try target("wf-agents-preset")
        defer { withExtendedLifetime(tree) {} }
        // A preset empty entry: a check that worked the agents out itself would still find the goose job.
        _ = target.memo(Workflow.agentsMemo) { [GooseAgent]() }
        let findings = try inspect(target)
        #expect(findings.map(\.ruleID).filter(Self.agentRules.contains).isEmpty, "\(findings.map(\.ruleID))")
    }
}
