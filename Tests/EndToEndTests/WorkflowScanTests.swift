import Foundation
import GooseAuditTestSupport
import Testing

/// goose in CI through the real binary: a comment-to-recipe injection in a repository checkout.
struct WorkflowScanTests {
    static let workflow =
        [
            "on:", "  issue_comment:", "    types: [created]", "permissions:", "  contents: write", "jobs:", "  goose:", "    runs-on: x",
            "    steps:", "      - run: |", "          cat > recipe.yaml <<EOF", "          title: from a comment",
            "          instructions: ${{ github.event.comment.body }}", "          extensions:", "            - type: builtin",
            "              name: developer", "          EOF", "          goose run --recipe recipe.yaml",
        ].joined(separator: "\n") + "\n"

    @Test func aCommentWrittenRecipeIsCriticalInJSONWithOneBranchProtectionNotice() throws {
        let tree = try FixtureTree("e2e-workflow")
        try tree.file("repo/.github/workflows/goose.yml", Self.workflow, mode: 0o644)
        try tree.file("repo/.github/workflows/other.yml", Self.workflow, mode: 0o644)
        let result = try Binary.run(["scan", tree.root + "/repo", "--format", "json"], home: tree.root)
        #expect(result.status == 1, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let agent = findings.filter { $0["rule_id"] as? String == "workflow_agent_on_untrusted_input" }
        #expect(agent.count == 2)
        let first = try #require(agent.first { ($0["path"] as? String)?.hasSuffix("goose.yml") == true })
        #expect(first["severity"] as? String == "critical")
        #expect(first["line"] as? Int == 13)
        #expect((first["message"] as? String)?.contains("github.event.comment.body") == true)
        let notices = try #require(report["notices"] as? [[String: Any]])
        #expect(notices.filter { ($0["message"] as? String)?.contains("branch protection") == true }.count == 1)
    }
}
