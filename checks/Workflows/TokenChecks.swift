import GooseAuditCore
import StructuredText

/// What a pull request, a moved tag or a log reader can get out of a workflow: secrets and the write token.
extension WorkflowModule {
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
                "Reports `uses:` references to actions and reusable workflows that are not pinned to a 40-character commit SHA (first-party `actions/*` and `github/*` are low, goose actions high, others medium), and job container or service images on `latest` or no tag (goose's own images are reported by `workflow_goose_install_unpinned`).",
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
                CheckExample(
                    "goose image on latest: the goose install rule's finding", .pass, role: .path,
                    files: [
                        workflow(
                            "on: push\npermissions:\n  contents: read\njobs:\n  review:\n    runs-on: ubuntu-latest\n    container: ghcr.io/block/goose:latest\n    steps:\n      - run: goose run -t \"summarise\"\n"
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
                let goose = GooseAgent.isGooseAction(uses)
                let gooseNote = " (a goose action: it runs with the provider key and the job's token)"
                let note = firstParty ? " (first-party action)" : goose ? gooseNote : ""
                return workflow.finding(
                    descriptor, "`\(uses)` is pinned to the movable ref `\(ref)`\(note)", at: node, path: path,
                    evidence: uses, severity: firstParty ? .low : goose ? .high : nil)
            }
                + containerImages(workflow).compactMap { node, path in
                    // goose's own images are workflow_goose_install_unpinned's: one finding per image.
                    guard let image = node.string, !image.contains("${{"), !GooseAgent.isGooseImage(image), movingTag(image) != nil
                    else { return nil }
                    return workflow.finding(
                        descriptor, "job container image `\(image)` follows the moving tag `latest`", at: node, path: path, evidence: image)
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
