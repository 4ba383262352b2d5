import GooseAuditCore
import StructuredText

/// Provider keys and other secrets set for a whole workflow or job that runs goose.
extension WorkflowModule {
    static let agentSecretsBroadScope = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_agent_secret_broad_scope", title: "Secrets of a goose workflow visible to every step",
            summary:
                "Reports `${{ secrets.* }}` values (provider keys, tokens) set in workflow-level `env:`, or in the job-level `env:` of a job that runs goose alongside other steps, where every step and every action of the job can read them.",
            rationale: """
                A secret in workflow- or job-level `env:` is in the environment of every step: third-party actions, \
                package installs, the pull request's own build scripts and the goose agent with its shell tools. One \
                compromised step or one prompt-injected agent can print or send it anywhere. Fix: set each secret on \
                the single step that needs it.
                """,
            remediation:
                "Move the secret from workflow- or job-level `env:` to the `env:` of the goose step (or the one step that uses it).",
            severity: .medium, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-668", "CWE-522", hardening],
            examples: [
                CheckExample(
                    "provider key for the whole workflow", .fail, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\nenv:\n  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\njobs:\n  goose:\n    runs-on: x\n    steps:\n      - uses: actions/setup-node@v4\n      - run: goose run -t \"summarise\"\n"
                        )
                    ], expected: [".github/workflows/release.yml:5#env.OPENAI_API_KEY"]),
                CheckExample(
                    "key on the goose step only", .pass, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  goose:\n    runs-on: x\n    steps:\n      - uses: actions/setup-node@v4\n      - run: goose run -t \"summarise\"\n        env:\n          OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            guard !workflow.isGitLab else { return [] }
            let agents = workflow.agents
            guard !agents.isEmpty else { return [] }
            func report(_ env: Node?, path: KeyPath, scope: String, stepCount: Int) -> [Finding] {
                (env?.pairs ?? []).compactMap { pair in
                    guard let secret = pair.value.string.flatMap(Reach.secretName), secret != "GITHUB_TOKEN" else { return nil }
                    let kind = Reach.isProviderKey(pair.key.value) ? "provider key" : "secret"
                    return workflow.finding(
                        descriptor,
                        "\(kind) `\(pair.key.value)` (`secrets.\(secret)`) is set for \(scope); all \(stepCount) steps can read it",
                        at: pair.value, path: path.appending(.key(pair.key.value)), evidence: "\(pair.key.value) from secrets.\(secret)")
                }
            }
            var findings = report(workflow.root["env"], path: [.key("env")], scope: "the whole workflow", stepCount: workflow.steps.count)
            for job in Set(agents.map(\.job.name)).sorted() {
                guard let node = workflow.jobs.first(where: { $0.name == job }) else { continue }
                let count = workflow.steps(of: node).count
                guard count > 1 else { continue }
                findings += report(node.node["env"], path: node.path.appending(.key("env")), scope: "job `\(job)`", stepCount: count)
            }
            return findings
        })
}
