import GooseAuditCore
import StructuredText

/// What counts as publishing, and what restricts it to the main branch or tags.
enum Publishing {
    /// Shell commands that release an artifact to the world.
    static let commands = [
        "pnpm publish", "yarn npm publish", "yarn publish", "npm publish", "cargo publish", "twine upload", "docker push",
        "gh release create", "goreleaser release", "uv publish", "poetry publish", "gem push", "dotnet nuget push", "flit publish",
        "hatch publish",
    ]

    /// Actions that publish.
    static let actions = [
        "pypa/gh-action-pypi-publish", "softprops/action-gh-release", "goreleaser/goreleaser-action", "js-devtools/npm-publish",
        "ncipollo/release-action", "docker/build-push-action", "changesets/action",
    ]

    /// Flags that make a publish command a rehearsal.
    static let rehearsals = ["--dry-run", "--dryrun", "--snapshot", "--skip=publish", "--skip-publish"]

    /// The publish command on the first line of `script` that runs one for real.
    static func command(in script: String) -> String? {
        for raw in script.split(separator: "\n") {
            let line = raw.lowercased().trimmingPrefix(while: \.isWhitespace)
            guard !line.hasPrefix("#"), !line.hasPrefix("echo"), !rehearsals.contains(where: { line.contains($0) }) else { continue }
            if let command = commands.first(where: { line.contains($0) }) { return command }
            if line.hasPrefix("goreleaser") || line.contains(" goreleaser") { return "goreleaser" }
        }
        return nil
    }

    /// The publishing action a `uses:` names (`docker/build-push-action` only with `push: true`).
    static func action(_ step: Node) -> String? {
        guard let uses = step["uses"]?.string?.lowercased() else { return nil }
        guard let action = actions.first(where: { uses.hasPrefix($0 + "@") }) else { return nil }
        if action == "docker/build-push-action", step["with"]?["push"]?.scalar?.truthy != true { return nil }
        if action == "changesets/action", step["with"]?["publish"] == nil { return nil }
        return action
    }

    /// What a step publishes with: the publishing command in its script, else its publishing action.
    static func command(of step: Workflow.Step) -> String? {
        step.node["run"]?.scriptText.flatMap(command(in:)) ?? action(step.node)
    }

    /// Whether a step publishes something.
    static func publishes(_ step: Workflow.Step) -> Bool { command(of: step) != nil }

    /// Branch names treated as protected.
    static let protectedBranches: Set<String> = ["main", "master", "trunk"]

    /// Whether an `if:` expression only lets the main branch or tags through.
    static func restricts(_ expression: String) -> Bool {
        let text = expression.normalisedExpression
        guard !text.contains("||") else { return false }
        let branchTests = protectedBranches.flatMap { ["github.ref=='refs/heads/\($0)'", "github.ref_name=='\($0)'"] }
        let tagTests = [
            "startswith(github.ref,'refs/tags/", "github.ref_type=='tag'", "github.event_name=='release'",
            "github.event.repository.default_branch",
        ]
        return (branchTests + tagTests).contains { text.contains($0) }
    }

    /// Whether a script tests the ref itself before publishing (`if [ "$GITHUB_REF" = refs/heads/main ]`).
    static func scriptGuardsRef(_ script: String) -> Bool {
        let text = script.normalisedExpression
        let refVariable = ["$github_ref", "${github_ref}", "github.ref"].contains { text.contains($0) }
        return refVariable && (protectedBranches.contains { text.contains("refs/heads/\($0)") } || text.contains("refs/tags/"))
    }

    /// The triggers that can start the workflow on a ref other than the main branch or a tag
    /// (every trigger when the workflow names none).
    static func unprotectedTriggers(_ workflow: Workflow) -> [String] {
        let names = workflow.triggerNames
        guard !names.isEmpty else { return ["(no trigger)"] }
        return names.filter { name in
            switch name {
            case "release", "schedule", "workflow_run": return false
            case "push":
                guard let push = workflow.triggers?["push"], push.isMapping, push["branches-ignore"] == nil else { return true }
                if let branches = push["branches"] {
                    let list = branches.isSequence ? branches.items.compactMap(\.string) : [branches.string ?? ""]
                    return !list.allSatisfy(protectedBranches.contains)
                }
                return push["tags"] == nil
            default: return true
            }
        }
    }

    /// GitLab: whether a job (or the whole pipeline) only runs for the default branch or tags.
    static func gitLabRestricts(_ job: Node, _ root: Node) -> Bool {
        func onlyProtected(_ node: Node?) -> Bool {
            guard let node else { return false }
            let refs =
                node.isSequence
                ? node.items.compactMap(\.string) : (node["refs"]?.items.compactMap(\.string) ?? node.string.map { [$0] } ?? [])
            return !refs.isEmpty && refs.allSatisfy { protectedBranches.contains($0) || $0 == "tags" }
        }
        func rulesProtect(_ node: Node?) -> Bool {
            guard let rules = node?.items, !rules.isEmpty else { return false }
            return rules.allSatisfy { rule in
                guard let condition = rule["if"]?.string?.normalisedExpression else { return rule["when"]?.string == "never" }
                guard !condition.contains("||") else { return false }
                return condition.contains("$ci_commit_tag") || condition.contains("==$ci_default_branch")
                    || protectedBranches.contains {
                        condition.contains("$ci_commit_branch=='\($0)'") || condition.contains("$ci_commit_ref_name=='\($0)'")
                    }
            }
        }
        return onlyProtected(job["only"]) || rulesProtect(job["rules"]) || rulesProtect(root["workflow"]?["rules"])
    }
}
