import GooseAuditCore
import StructuredText

/// Publish jobs that choose the version themselves.
extension WorkflowModule {
    /// Commands and actions that raise a package version automatically.
    static let versionBumpers = [
        "npm version", "pnpm version", "yarn version", "cargo release", "cargo set-version", "cargo bump", "semantic-release",
        "standard-version", "release-it", "changeset version", "bumpversion", "bump2version", "bump-my-version", "poetry version",
        "hatch version", "lerna version",
    ]
    static let versionBumpActions = [
        "mathieudutour/github-tag-action", "anothrnick/github-tag-action", "cycjimmy/semantic-release-action",
        "phips28/gh-action-bump-version",
    ]

    static let publishBumpsVersion = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_publish_bumps_version", title: "Publish job bumps the version automatically",
            summary:
                "Reports jobs that publish (the publish commands and actions of `workflow_publish_unrestricted`) and also raise the version themselves (`npm version`, `cargo release`, `semantic-release`, `changeset version`, `bump2version`, tag-bumping actions); GitLab jobs likewise.",
            rationale: """
                goose's own workflows removed automated versioning and bump versions by hand, so that a release is a \
                reviewed change rather than a side effect of a pipeline run. A publish job that picks the next version \
                itself can release unreviewed code under a fresh version number whenever it is triggered. Fix: bump the \
                version in a reviewed commit and let the publish job only publish what that commit says.
                """,
            remediation:
                "Remove the bump from the publish job: raise the version in a pull request (or a separate, reviewed release job) and publish only tagged, reviewed versions.",
            severity: .medium, category: .workflow, kind: .hygiene, artifactKinds: kinds,
            references: [hardening],
            examples: [
                CheckExample(
                    "npm version in the publish job", .fail, role: .path,
                    files: [
                        workflow(
                            "on:\n  push:\n    branches: [main]\npermissions:\n  contents: write\njobs:\n  publish:\n    runs-on: x\n    steps:\n      - run: npm version patch\n      - run: npm publish\n"
                        )
                    ], expected: [".github/workflows/release.yml:10#jobs.publish.steps[0].run"]),
                CheckExample(
                    "publish of a reviewed version", .pass, role: .path,
                    files: [
                        workflow(
                            "on:\n  push:\n    tags: ['v*']\npermissions:\n  contents: read\njobs:\n  publish:\n    runs-on: x\n    steps:\n      - run: npm publish\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            if workflow.isGitLab {
                return workflow.gitLabJobs.compactMap { job in
                    guard let script = job.node["script"], let text = script.scriptText, Publishing.command(in: text) != nil,
                        let bump = versionBumpers.first(where: { text.lowercased().contains($0) })
                    else { return nil }
                    return workflow.finding(
                        descriptor, "job `\(job.name)` runs `\(bump)` before publishing", at: script,
                        path: job.path.appending(.key("script")),
                        line: workflow.line(of: bump, from: script), evidence: bump)
                }
            }
            return workflow.jobs.flatMap { job -> [Finding] in
                let steps = workflow.steps(of: job)
                guard steps.contains(where: Publishing.publishes) else { return [] }
                return steps.compactMap { step in
                    if let run = step.node["run"], let text = run.scriptText?.lowercased(),
                        let bump = versionBumpers.first(where: { bumper in
                            text.split(separator: "\n").contains { !$0.contains("--dry-run") && $0.contains(bumper) }
                        })
                    {
                        return workflow.finding(
                            descriptor,
                            "publish job `\(job.name)` runs `\(bump)`: the version is chosen by the pipeline, not a reviewed commit",
                            at: run, path: step.path.appending(.key("run")), line: workflow.line(of: bump, from: run), evidence: bump)
                    }
                    if let uses = step.node["uses"], let name = uses.string?.lowercased(),
                        let action = versionBumpActions.first(where: { name.hasPrefix($0 + "@") })
                    {
                        return workflow.finding(
                            descriptor, "publish job `\(job.name)` bumps the version with `\(action)`", at: uses,
                            path: step.path.appending(.key("uses")), evidence: action)
                    }
                    return nil
                }
            }
        })
}
