import GooseAuditCore
import StructuredText

/// A workflow token with broad write permissions.
extension WorkflowModule {
    static let excessivePermissions = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_excessive_permissions", title: "Workflow token has broad write permissions",
            summary:
                "Reports `permissions: write-all` at workflow or job level, and workflows without a top-level `permissions:` block where some job sets none either.",
            rationale: """
                Without a `permissions:` block the `GITHUB_TOKEN` gets the repository default, which is read-write on \
                repositories and organisations created before February 2023. Any compromised step, action or \
                dependency can then push code, create releases or alter workflows.
                """,
            remediation: "Add `permissions: contents: read` at the top and grant write scopes only to the jobs that need them.",
            severity: .medium, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-250", hardening],
            examples: [
                CheckExample(
                    "write-all", .fail, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
                        )
                    ], expected: [".github/workflows/release.yml:2#permissions"]),
                CheckExample(
                    "no permissions block", .fail, role: .path,
                    files: [
                        workflow("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n")
                    ], expected: [".github/workflows/release.yml#permissions"]),
                CheckExample(
                    "read-only token", .pass, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            guard !workflow.isGitLab else { return [] }
            var findings: [Finding] = []
            let top = workflow.root["permissions"]
            if let top, top.string == "write-all" {
                findings.append(
                    workflow.finding(
                        descriptor, "every job's token can write to everything", at: top, path: [.key("permissions")],
                        evidence: "permissions: write-all", severity: .high))
            }
            for job in workflow.jobs {
                if let permissions = job.node["permissions"], permissions.string == "write-all" {
                    findings.append(
                        workflow.finding(
                            descriptor, "job `\(job.name)`'s token can write to everything", at: permissions,
                            path: job.path.appending(.key("permissions")),
                            evidence: "permissions: write-all", severity: .high))
                }
            }
            let unscoped = workflow.jobs.filter { $0.node["permissions"] == nil && $0.node["uses"] == nil }.map(\.name)
            if top == nil, !unscoped.isEmpty {
                findings.append(
                    descriptor.finding(
                        "no `permissions:` block, so \(unscoped.count == 1 ? "job" : "jobs") \(unscoped.map { "`\($0)`" }.joined(separator: ", ")) \(unscoped.count == 1 ? "gets" : "get") the repository's default token scopes",
                        at: workflow.artifact, keyPath: "permissions", evidence: .fact("no permissions block")))
            }
            return findings
        })
}
