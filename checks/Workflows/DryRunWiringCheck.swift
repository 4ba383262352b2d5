import GooseAuditCore
import StructuredText

/// A dry-run input that is declared but never reaches the publish step.
extension WorkflowModule {
    static let dryRunNotWired = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_dry_run_not_wired", title: "Dry-run input declared but not wired into the publish step",
            summary:
                "Reports publish steps of a `workflow_dispatch` workflow with a `dry-run`-style input when neither the step's nor the job's `if:`, its script, nor an `env:` value it reads refers to that input.",
            rationale: """
                goose's publish workflow guards its publish step with `if: inputs.dry-run != true`; a workflow that \
                declares the input but never tests it publishes for real when someone asks for a rehearsal. The input \
                then gives false confidence, and a test run releases whatever is on the branch. Fix: put the input in the \
                publish step's condition (or pass it to the command as `--dry-run`).
                """,
            remediation:
                "Guard the publish step with `if: inputs.dry-run != true && github.ref == 'refs/heads/main'`, or pass the input to the command (`npm publish ${{ inputs.dry-run && '--dry-run' || '' }}`).",
            severity: .medium, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: [hardening],
            examples: [
                CheckExample(
                    "dry-run declared, publish unconditional", .fail, role: .path,
                    files: [
                        workflow(
                            "on:\n  workflow_dispatch:\n    inputs:\n      dry-run:\n        type: boolean\npermissions:\n  contents: read\njobs:\n  publish:\n    if: github.ref == 'refs/heads/main'\n    runs-on: x\n    steps:\n      - run: pnpm publish -r --access public\n"
                        )
                    ], expected: [".github/workflows/release.yml:13#jobs.publish.steps[0].run"]),
                CheckExample(
                    "dry-run in the publish condition", .pass, role: .path,
                    files: [
                        workflow(
                            "on:\n  workflow_dispatch:\n    inputs:\n      dry-run:\n        type: boolean\npermissions:\n  contents: read\njobs:\n  publish:\n    runs-on: x\n    steps:\n      - name: Publish to npm\n        if: inputs.dry-run != true && github.ref == 'refs/heads/main'\n        run: pnpm publish -r --access public\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            guard !workflow.isGitLab, let dispatch = workflow.triggers?["workflow_dispatch"] else { return [] }
            let inputs = (dispatch["inputs"]?.pairs ?? []).map(\.key.value).filter { $0.lowercased().contains("dry") }
            guard !inputs.isEmpty else { return [] }
            let references = inputs.flatMap { ["inputs.\($0)", "github.event.inputs.\($0)", "inputs['\($0)']"] }.map { $0.lowercased() }
            func mentions(_ node: Node?) -> Bool {
                guard let node else { return false }
                let text = (node.string ?? node.leaves().map(\.scalar.value).joined(separator: "\n")).normalisedExpression
                return references.contains { text.contains($0) }
            }
            return workflow.steps.compactMap { step in
                let run = step.node["run"]
                guard let command = Publishing.command(of: step) else { return nil }
                // Variables set from the input count when the script (or the action) reads them.
                let wiredEnv = [step.node["env"], step.job.node["env"], workflow.root["env"]].contains { env in
                    (env?.pairs ?? []).contains { pair in
                        mentions(pair.value) && ((run?.scriptText ?? "").contains("$" + pair.key.value) || run == nil)
                    }
                }
                guard !mentions(step.node["if"]), !mentions(step.job.node["if"]), !mentions(run), !mentions(step.node["with"]), !wiredEnv
                else { return nil }
                let anchor = run ?? step.node["uses"] ?? step.node
                return workflow.finding(
                    descriptor, "`\(command)` in job `\(step.job.name)` ignores the `\(inputs[0])` input: a dry run publishes for real",
                    at: anchor, path: step.path.appending(.key(run == nil ? "uses" : "run")),
                    line: run.map { workflow.line(of: command, from: $0) }, evidence: "\(command) without \(inputs[0])")
            }
        })
}
