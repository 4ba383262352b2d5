import GooseAuditCore
import StructuredText

/// A `pull_request_target` workflow that checks out and runs the pull request's code.
extension WorkflowModule {
    static let pullRequestTargetCheckout = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_pull_request_target_checkout", title: "pull_request_target checks out the pull request's code",
            summary:
                "Reports `pull_request_target` workflows whose `actions/checkout` step checks out the pull request head (`github.event.pull_request.head.*`, `github.head_ref`, `refs/pull/…`).",
            rationale: """
                `pull_request_target` runs with the base repository's secrets and a write token, even for pull requests \
                from forks. Checking out the pull request's head and then building or testing it runs an outsider's \
                code with those secrets (\"pwn request\"). When a later step runs commands, the finding is critical.
                """,
            remediation:
                "Use `pull_request` for building untrusted code, or split the workflow: build in `pull_request`, act on results in `workflow_run` without checking out the head.",
            severity: .high, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-829", "https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/"],
            examples: [
                CheckExample(
                    "checkout of the head then build", .fail, role: .path,
                    files: [
                        workflow(
                            "on: pull_request_target\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm test\n"
                        )
                    ], expected: [".github/workflows/release.yml:10#jobs.test.steps[0].with.ref"]),
                CheckExample(
                    "pull_request_target on the base", .pass, role: .path,
                    files: [
                        workflow(
                            "on: pull_request_target\npermissions:\n  pull-requests: write\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./label.sh\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            guard workflow.triggerNames.contains("pull_request_target") else { return [] }
            let steps = workflow.steps
            return steps.enumerated().compactMap { index, step in
                guard step.node["uses"]?.string?.lowercased().hasPrefix("actions/checkout") == true, let ref = step.node["with"]?["ref"],
                    let text = ref.string?.normalisedExpression,
                    ["github.event.pull_request.head", "github.head_ref", "refs/pull/"].contains(where: { text.contains($0) })
                else { return nil }
                let runsLater = steps.dropFirst(index + 1).contains { $0.job.name == step.job.name && $0.node["run"] != nil }
                return workflow.finding(
                    descriptor,
                    "job `\(step.job.name)` checks out the pull request's code under pull_request_target\(runsLater ? " and then runs commands with the base repository's secrets" : "")",
                    at: ref, path: step.path.appending(.key("with")).appending(.key("ref")), evidence: "checkout ref \(ref.string ?? "")",
                    severity: runsLater ? .critical : nil)
            }
        })
}
