import GooseAuditCore
import StructuredText

/// Conditions that look like an author gate on a goose job but let outsiders through.
extension WorkflowModule {
    static let agentWeakGate = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_agent_weak_gate", title: "goose job guarded by a gate outsiders pass",
            summary:
                "Reports jobs that run goose on outsider-started events whose only guard is weak: a login that merely contains `bot`, `github.actor != …`, a label check alone, an `author_association` test that admits CONTRIBUTOR or NONE, or an `||` that bypasses the test (GitLab: a merge-request label rule).",
            rationale: """
                A gate such as `contains(github.actor, 'bot')` or `github.actor != 'dependabot[bot]'` reads like access \
                control, but any account can satisfy it, so an outsider's comment still reaches the agent. A label check \
                is no better on its own: the label stays on a pull request when its author pushes new commits after a \
                maintainer applied it. Fix: test `author_association` against OWNER, MEMBER and \
                COLLABORATOR only, name the allowed accounts explicitly, or bind the job to an environment with \
                required reviewers.
                """,
            remediation:
                "Replace the condition with `contains(fromJSON('[\"OWNER\",\"MEMBER\",\"COLLABORATOR\"]'), github.event.comment.author_association)` (or the pull request's/issue's association), an explicit actor list, or `environment:` with required reviewers; on GitLab make the job `when: manual` or limit it to merge requests from the project itself.",
            severity: .medium, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-863", "CWE-1427", hardening],
            examples: [
                CheckExample(
                    "bot-name test", .fail, role: .path,
                    files: [
                        workflow(
                            "on: issue_comment\npermissions:\n  contents: read\njobs:\n  goose:\n    if: \"!contains(github.actor, 'bot')\"\n    runs-on: x\n    steps:\n      - run: goose run --text \"$BODY\"\n        env:\n          BODY: ${{ github.event.comment.body }}\n"
                        )
                    ], expected: [".github/workflows/release.yml:6#jobs.goose.if"]),
                CheckExample(
                    "label check alone", .fail, role: .path,
                    files: [
                        workflow(
                            "on:\n  pull_request_target:\n    types: [labeled]\npermissions:\n  contents: read\njobs:\n  goose:\n    if: contains(github.event.pull_request.labels.*.name, 'goose')\n    runs-on: x\n    steps:\n      - run: goose run -t \"review\"\n"
                        )
                    ], expected: [".github/workflows/release.yml:8#jobs.goose.if"]),
                CheckExample(
                    "members only", .pass, role: .path,
                    files: [
                        workflow(
                            "on: issue_comment\npermissions:\n  contents: read\njobs:\n  goose:\n    if: contains(fromJSON('[\"OWNER\",\"MEMBER\",\"COLLABORATOR\"]'), github.event.comment.author_association)\n    runs-on: x\n    steps:\n      - run: goose run --text \"$BODY\"\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            var seen: Set<String> = []
            return workflow.agents.compactMap { agent -> Finding? in
                guard seen.insert(agent.job.name).inserted else { return nil }
                let events = WorkflowTrust.events(workflow, job: agent.job)
                guard !events.isEmpty, case .weak(let why) = WorkflowTrust.gate(workflow, job: agent.job, step: agent.step) else {
                    return nil
                }
                let owner = [agent.step?.node, agent.job.node].compactMap { $0 }.first { $0["if"] != nil }
                let node = owner?["if"] ?? agent.job.node["rules"] ?? agent.anchor
                let path = owner.map { $0 == agent.job.node ? agent.job.path : (agent.step?.path ?? agent.job.path) }
                let key = workflow.isGitLab ? "rules" : "if"
                return workflow.finding(
                    descriptor, "job `\(agent.job.name)` runs goose on \(events.joined(separator: ", ")) behind a weak gate: \(why)",
                    at: node,
                    path: (path ?? agent.job.path).appending(.key(key)), evidence: "gate: \(why)")
            }
        })
}
