import GooseAuditCore
import StructuredText

/// Publishing only from the main branch or tags (the seed's "Workflow Security").
extension WorkflowModule {
    static let publishUnrestricted = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_publish_unrestricted", title: "Publish step not restricted to the main branch or tags",
            summary:
                "Reports publish steps (`npm`/`pnpm`/`yarn publish`, `cargo publish`, `twine upload`, `docker push`, `gh release create`, goreleaser, `uv`/`poetry publish`, publishing actions) with no job- or step-level `if:` on the main branch or tags, in workflows that also run on other refs; GitLab jobs without `only`/`rules` for the default branch or tags.",
            rationale: """
                goose's own publish workflow runs `pnpm publish` only `if: inputs.dry-run != true && github.ref == \
                'refs/heads/main'`. Without such a guard a push to any branch (or a manual run on one) can publish \
                unreviewed code under the project's name with its registry token, a classic supply-chain entry. A job \
                bound to a GitHub environment may be protected by deployment-branch rules this offline check cannot \
                see, so it is reported as medium with low confidence.
                """,
            remediation:
                "Add `if: github.ref == 'refs/heads/main'` (or `startsWith(github.ref, 'refs/tags/')`) to the publish job or step, or trigger the workflow only on tags or releases.",
            severity: .high, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-284", "CWE-1395", hardening],
            examples: [
                CheckExample(
                    "publish on every push", .fail, role: .path,
                    files: [
                        workflow(
                            "on: [push, workflow_dispatch]\npermissions:\n  contents: read\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          pnpm install\n          pnpm publish -r --access public\n"
                        )
                    ], expected: [".github/workflows/release.yml:11#jobs.publish.steps[1].run"]),
                CheckExample(
                    "gitlab job without rules", .fail, role: .path,
                    files: [
                        .file(".gitlab-ci.yml", "stages: [release]\nrelease:\n  stage: release\n  script:\n    - cargo publish\n")
                    ], expected: [".gitlab-ci.yml:5#release.script"]),
                CheckExample(
                    "guarded as goose does", .pass, role: .path,
                    files: [
                        workflow(
                            "on:\n  push:\n  workflow_dispatch:\n    inputs:\n      dry-run:\n        type: boolean\npermissions:\n  contents: read\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Publish to npm\n        if: inputs.dry-run != true && github.ref == 'refs/heads/main'\n        run: pnpm publish -r --access public --no-git-checks\n"
                        )
                    ]),
                CheckExample(
                    "tag-only trigger", .pass, role: .path,
                    files: [
                        workflow(
                            "on:\n  push:\n    tags: ['v*']\npermissions:\n  contents: read\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo publish\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            workflow.isGitLab ? gitLabPublishing(workflow, descriptor) : gitHubPublishing(workflow, descriptor)
        })

    static func gitHubPublishing(_ workflow: Workflow, _ descriptor: CheckDescriptor) -> [Finding] {
        let triggers = Publishing.unprotectedTriggers(workflow)
        guard !triggers.isEmpty else { return [] }
        let via = " (started by \(triggers.joined(separator: ", ")))"
        return workflow.steps.compactMap { step in
            if let condition = step.job.node["if"]?.string, Publishing.restricts(condition) { return nil }
            if let condition = step.node["if"]?.string, Publishing.restricts(condition) { return nil }
            let environment = step.job.node["environment"] != nil
            let caveat = environment ? " (the job's environment may add branch rules this scan cannot see)" : ""
            if let run = step.node["run"], let script = run.scriptText, let command = Publishing.command(in: script),
                !Publishing.scriptGuardsRef(script)
            {
                return workflow.finding(
                    descriptor, "`\(command)` in job `\(step.job.name)` can run from any branch\(via)\(caveat)", at: run,
                    path: step.path.appending(.key("run")), line: workflow.line(of: command, from: run), evidence: command,
                    severity: environment ? .medium : nil, confidence: environment ? .low : .high)
            }
            if let action = Publishing.action(step.node), let uses = step.node["uses"] {
                return workflow.finding(
                    descriptor, "`\(action)` in job `\(step.job.name)` can publish from any branch\(via)\(caveat)", at: uses,
                    path: step.path.appending(.key("uses")), evidence: action, severity: environment ? .medium : nil,
                    confidence: environment ? .low : .high)
            }
            return nil
        }
    }

    /// Top-level GitLab keys that are not jobs.
    static let gitLabKeywords: Set<String> = [
        "stages", "variables", "default", "include", "workflow", "image", "services", "before_script", "after_script", "cache",
    ]

    static func gitLabPublishing(_ workflow: Workflow, _ descriptor: CheckDescriptor) -> [Finding] {
        workflow.root.pairs.compactMap { pair in
            let name = pair.key.value
            guard !name.hasPrefix("."), !gitLabKeywords.contains(name), let script = pair.value["script"], let text = script.scriptText,
                let command = Publishing.command(in: text), !Publishing.gitLabRestricts(pair.value, workflow.root)
            else { return nil }
            return workflow.finding(
                descriptor, "`\(command)` in job `\(name)` runs for any branch (no `only`/`rules` for the default branch or tags)",
                at: script,
                path: [.key(name), .key("script")], line: workflow.line(of: command, from: script), evidence: command)
        }
    }
}
