import GooseAuditCore
import StructuredText

/// `recipe_retry_shell`: a recipe that runs shell commands on retry.
extension RecipeChecks {
    static let retryShell = RecipeCheck(
        descriptor: CheckDescriptor(
            id: "recipe_retry_shell", title: "Recipe runs shell commands on retry",
            summary: "Reports `retry.checks[].command` and `retry.on_failure` shell commands in recipes.",
            rationale: """
                goose runs retry checks and the failure hook as shell commands on the host with the user's rights, \
                outside any tool approval, and the Desktop trust dialog did not show them (issue #10325).
                """,
            remediation: "Read every retry command before running the recipe; keep them to read-only checks such as running tests.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: recipeKinds,
            references: ["CWE-78", "https://github.com/block/goose/issues/10325", docs],
            examples: [
                CheckExample(
                    "retry check and failure hook", .fail, role: .path,
                    files: [
                        .file(
                            "recipes/fix.yaml",
                            recipe(
                                "retry:\n  max_retries: 2\n  checks:\n    - type: shell\n      command: make test\n  on_failure: git reset --hard\n"
                            ))
                    ], expected: ["recipes/fix.yaml:9#retry.checks[0].command", "recipes/fix.yaml:10#retry.on_failure"]),
                CheckExample("no retry", .pass, role: .path, files: [.file("recipes/fix.yaml", recipe("prompt: fix the build\n"))]),
            ]),
        analyze: { recipe in
            guard let retry = recipe.root["retry"], retry.isMapping else { return [] }
            var commands: [(Node, [PathComponent], String)] = (retry["checks"]?.items ?? []).enumerated().compactMap { index, check in
                check["command"].map { ($0, [.key("retry"), .key("checks"), .index(index), .key("command")], "retry check") }
            }
            if let hook = retry["on_failure"] { commands.append((hook, [.key("retry"), .key("on_failure")], "retry on_failure")) }
            return commands.compactMap { node, path, role in
                guard let text = node.string, let first = text.split(separator: " ").first else { return nil }
                return Problem(
                    setting: recipe.setting(node, path),
                    message: "\(role) runs the shell command `\(CommandFacts.program(String(first)))…` on the host",
                    evidence: "\(role) command")
            }
        })
}
