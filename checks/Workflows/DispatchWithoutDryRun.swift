import GooseAuditCore
import StructuredText

/// A manually dispatched publish workflow that cannot be rehearsed.
extension WorkflowModule {
    static let dispatchWithoutDryRun = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_dispatch_publish_without_dry_run", title: "Manually dispatched publish workflow has no dry-run input",
            summary: "Reports `workflow_dispatch` workflows that publish and offer no `dry-run`-style input.",
            rationale: """
                goose's publish workflows take a `dry-run` input (`gh workflow run publish-npm.yml -f dry-run=true`) so \
                a release can be rehearsed without reaching the registry. Without one, every test of the workflow is \
                a real, irreversible publish.
                """,
            remediation:
                "Add a boolean `dry-run` input to `workflow_dispatch` and guard the publish step with `if: inputs.dry-run != true`.",
            severity: .low, category: .workflow, kind: .hygiene, artifactKinds: kinds,
            references: [hardening],
            examples: [
                CheckExample(
                    "dispatch without inputs", .fail, role: .path,
                    files: [
                        workflow(
                            "on:\n  workflow_dispatch:\npermissions:\n  contents: read\njobs:\n  publish:\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n"
                        )
                    ], expected: [".github/workflows/release.yml:2#on.workflow_dispatch"]),
                CheckExample(
                    "dispatch with dry-run", .pass, role: .path,
                    files: [
                        workflow(
                            "on:\n  workflow_dispatch:\n    inputs:\n      dry_run:\n        type: boolean\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm publish\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            guard workflow.triggerNames.contains("workflow_dispatch") else { return [] }
            guard workflow.steps.contains(where: Publishing.publishes) else { return [] }
            let dispatch = workflow.triggers?.pair("workflow_dispatch")
            let inputs = dispatch?.value["inputs"]?.pairs.map { $0.key.value.lowercased() } ?? []
            guard !inputs.contains(where: { $0.contains("dry") }) else { return [] }
            let node = dispatch.map { Node.scalar($0.key) } ?? workflow.triggers ?? workflow.root
            return [
                workflow.finding(
                    descriptor, "publishing workflow can be dispatched by hand but has no dry-run input", at: node,
                    path: [.key("on"), .key("workflow_dispatch")],
                    evidence: inputs.isEmpty
                        ? "workflow_dispatch without inputs" : "workflow_dispatch inputs: \(inputs.joined(separator: ", "))")
            ]
        })
}
