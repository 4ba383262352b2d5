import GooseAuditCore
import StructuredText

/// goose itself run by a workflow on text any GitHub user can write.
extension WorkflowModule {
    /// Events whose text (issue, comment, fork pull request) comes from anyone.
    static let untrustedEvents: Set<String> = ["issues", "issue_comment", "pull_request_target", "discussion", "discussion_comment"]

    /// A step that runs goose: `goose run`/`goose session` in a script, or a goose action.
    static func runsGoose(_ step: Node) -> Bool {
        if let uses = step["uses"]?.string?.lowercased(), uses.hasPrefix("block/goose") || uses.hasPrefix("aaif-goose/") { return true }
        guard let script = step["run"]?.scriptText?.lowercased() else { return false }
        return script.contains("goose run") || script.contains("goose session")
    }

    /// Whether an `if:` limits the job to the repository's own people.
    static func gatesOnAuthor(_ node: Node) -> Bool {
        node["if"]?.string?.lowercased().contains("author_association") ?? false
    }

    static let agentOnUntrustedInput = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_agent_on_untrusted_input", title: "goose runs on text any GitHub user can write",
            summary:
                "Reports workflows started by issues, comments, discussions or `pull_request_target` that run goose (`goose run`, `goose session`, a goose action) without an `author_association` gate; the message says when the job sets `GOOSE_MODE: auto`.",
            rationale: """
                An issue or comment is a prompt anyone can write. A goose agent that reads it in CI holds the job's \
                token, the provider key and whatever secrets the job has, and in auto mode runs every tool call \
                without asking, so a prompt injection becomes code execution with those credentials.
                """,
            remediation:
                "Gate the job on `github.event.comment.author_association` (OWNER, MEMBER, COLLABORATOR), give it a read-only token, and keep GOOSE_MODE out of auto.",
            severity: .high, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-1427", "CWE-77", hardening],
            examples: [
                CheckExample(
                    "issue comment handed to goose in auto mode", .fail, role: .path,
                    files: [
                        workflow(
                            "on: issue_comment\npermissions:\n  contents: write\njobs:\n  solve:\n    runs-on: x\n    env:\n      GOOSE_MODE: auto\n    steps:\n      - run: goose run --text \"$BODY\"\n        env:\n          BODY: ${{ github.event.comment.body }}\n"
                        )
                    ], expected: [".github/workflows/release.yml:10#jobs.solve.steps[0].run"]),
                CheckExample(
                    "members only", .pass, role: .path,
                    files: [
                        workflow(
                            "on: issue_comment\npermissions:\n  contents: read\njobs:\n  solve:\n    if: contains(fromJSON('[\"OWNER\",\"MEMBER\"]'), github.event.comment.author_association)\n    runs-on: x\n    steps:\n      - run: goose run --text \"$BODY\"\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            let events = workflow.triggerNames.filter(untrustedEvents.contains)
            guard !events.isEmpty else { return [] }
            return workflow.steps.compactMap { step in
                guard runsGoose(step.node), !gatesOnAuthor(step.job.node), !gatesOnAuthor(step.node) else { return nil }
                let modes = [step.node, step.job.node, workflow.root].compactMap { $0["env"]?["GOOSE_MODE"]?.string?.lowercased() }
                let auto = modes.first == "auto"
                let key = step.node["run"] != nil ? "run" : "uses"
                return workflow.finding(
                    descriptor,
                    "job `\(step.job.name)` runs goose on \(events.joined(separator: ", ")) text anyone can write\(auto ? ", in auto mode" : "")",
                    at: step.node[key] ?? step.node, path: step.path.appending(.key(key)),
                    evidence: "goose on \(events.joined(separator: ", "))\(auto ? " (GOOSE_MODE auto)" : "")")
            }
        })
}
