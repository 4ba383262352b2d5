import GooseAuditCore
import StructuredText

/// Actions, reusable workflows and job images named by a movable ref.
extension WorkflowModule {
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
}
