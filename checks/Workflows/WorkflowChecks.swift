import GooseAuditCore
import StructuredText

/// A workflow check: its descriptor and what it finds in one parsed workflow.
struct WorkflowCheck: Check {
    let descriptor: CheckDescriptor
    let analyze: @Sendable (Workflow, CheckDescriptor) -> [Finding]

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let workflow = Workflow(target) else { return [] }
        return analyze(workflow, descriptor)
    }
}

/// CI workflows that publish goose-style packages, and the GitHub Actions weaknesses that let a pull
/// request or a tampered dependency reach a release (the seed's "Workflow Security").
public enum WorkflowModule: CheckModule {
    public static let name = "workflows"

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        [publishUnrestricted, dispatchWithoutDryRun, pullRequestTargetCheckout, excessivePermissions, actionNotPinned, secretEchoed]
    }

    static let kinds: Set<ArtifactKind> = [.ciWorkflow]
    static let hardening =
        "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions"

    static func workflow(_ body: String) -> ExampleFile { .file(".github/workflows/release.yml", body) }

    // MARK: publishing

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
            let publishes = workflow.steps.contains { step in
                step.node["run"]?.scriptText.flatMap(Publishing.command) != nil || Publishing.action(step.node) != nil
            }
            guard publishes else { return [] }
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

    // MARK: pull_request_target

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

    // MARK: permissions

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

    // MARK: action pinning

    static let actionNotPinned = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_action_not_pinned", title: "Action pinned by tag or branch instead of a commit",
            summary:
                "Reports `uses:` references to actions and reusable workflows that are not pinned to a 40-character commit SHA; first-party `actions/*` and `github/*` are low, others medium.",
            rationale: """
                A tag or branch can be moved by whoever controls the action's repository; the tj-actions/changed-files \
                compromise (2025) rewrote tags to leak CI secrets from thousands of repositories. Only a full commit \
                SHA names immutable code.
                """,
            remediation:
                "Pin each action to a full commit SHA (`uses: owner/action@<40-hex> # v4.1.0`) and let Dependabot or Renovate update it.",
            severity: .medium, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-829", "CWE-494", hardening],
            examples: [
                CheckExample(
                    "third-party tag and first-party tag", .fail, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: tj-actions/changed-files@v45\n"
                        )
                    ],
                    expected: [
                        ".github/workflows/release.yml:8#jobs.build.steps[0].uses",
                        ".github/workflows/release.yml:9#jobs.build.steps[1].uses",
                    ]),
                CheckExample(
                    "commit SHAs and local actions", .pass, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - uses: ./.github/actions/setup\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            let references: [(Node, KeyPath)] =
                workflow.jobs.compactMap { job in job.node["uses"].map { ($0, job.path.appending(.key("uses"))) } }
                + workflow.steps.compactMap { step in step.node["uses"].map { ($0, step.path.appending(.key("uses"))) } }
            return references.compactMap { node, path in
                guard let uses = node.string, !uses.hasPrefix("./") else { return nil }
                if uses.hasPrefix("docker://") {
                    return uses.contains("@sha256:")
                        ? nil
                        : workflow.finding(
                            descriptor, "container action `\(uses)` is not pinned by digest", at: node, path: path, evidence: uses)
                }
                guard let at = uses.lastIndex(of: "@") else {
                    return workflow.finding(descriptor, "`\(uses)` names no version at all", at: node, path: path, evidence: uses)
                }
                let ref = uses[uses.index(after: at)...]
                guard !(ref.count == 40 && ref.allSatisfy(\.isHexDigit)) else { return nil }
                let owner = uses.prefix { $0 != "/" }.lowercased()
                let firstParty = owner == "actions" || owner == "github"
                return workflow.finding(
                    descriptor, "`\(uses)` is pinned to the movable ref `\(ref)`\(firstParty ? " (first-party action)" : "")", at: node,
                    path: path,
                    evidence: uses, severity: firstParty ? .low : nil)
            }
        })

    // MARK: secrets in run

    static let secretEchoed = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_secret_echoed", title: "Secret echoed in a run step",
            summary: "Reports `run:` lines that `echo`/`printf` a `${{ secrets.* }}` expression.",
            rationale: """
                GitHub masks secrets in logs only when they appear verbatim; any transformation (base64, a substring, \
                a JSON wrapper, a multi-line value) prints them in clear. The expression is also pasted into the \
                generated script, where it lands in the process list. Piping it into a command (`| docker login \
                --password-stdin`) avoids the log but not the script, so that form is medium.
                """,
            remediation: "Pass the secret through `env:` and read it as `$NAME` in the script; never print it.",
            severity: .high, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-532", hardening],
            examples: [
                CheckExample(
                    "echo of a secret", .fail, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo \"token is ${{ secrets.NPM_TOKEN }}\"\n"
                        )
                    ], expected: [".github/workflows/release.yml:9#jobs.build.steps[0].run"]),
                CheckExample(
                    "secret through env", .pass, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm whoami\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"
                        )
                    ]),
            ]),
        analyze: { workflow, descriptor in
            workflow.steps.flatMap { step -> [Finding] in
                guard let run = step.node["run"], let script = run.scriptText else { return [] }
                return script.split(separator: "\n").compactMap { line in
                    let lower = line.lowercased().filter { !$0.isWhitespace }
                    guard lower.contains("${{secrets."), !lower.contains("::add-mask::"),
                        ["echo", "printf", "write-host", "write-output"].contains(where: { lower.contains($0) })
                    else { return nil }
                    let name =
                        line.range(of: "secrets.").map { line[$0.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" } } ?? ""
                    let piped = lower.contains("|") || lower.contains(">")
                    return workflow.finding(
                        descriptor,
                        piped
                            ? "`secrets.\(name)` is expanded into the script and piped on" : "`secrets.\(name)` is printed to the job log",
                        at: run, path: step.path.appending(.key("run")),
                        line: workflow.line(of: String(line.trimmingPrefix(while: \.isWhitespace)), from: run),
                        evidence: "echo secrets.\(name)", severity: piped ? .medium : nil)
                }
            }
        })
}
