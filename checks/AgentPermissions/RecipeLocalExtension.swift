import GooseAuditCore
import StructuredText

/// `recipe_local_extension`: a recipe that starts a local process.
extension RecipeChecks {
    static let localExtension = RecipeCheck(
        descriptor: CheckDescriptor(
            id: "recipe_local_extension", title: "Recipe starts a local process",
            summary: "Reports recipe extensions of type `stdio` or `inline_python`.",
            rationale: """
                A recipe's extensions replace the user's for its session, and each `stdio` or `inline_python` entry \
                starts a process with the user's rights. Opening a shared recipe is therefore running code: issue \
                #10325 showed Desktop starting a recipe's stdio command about two seconds after a deep link opened, \
                before the trust dialog was answered, and the recipe scanner ignoring `cmd`.
                """,
            remediation:
                "Review the command or code as you would a script; prefer recipes that reference extensions the user already configured.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: recipeKinds,
            references: ["CWE-829", "https://github.com/block/goose/issues/10325", docs],
            examples: [
                CheckExample(
                    "stdio extension in a repository recipe", .fail, role: .path,
                    files: [
                        .file(
                            ".goose/recipes/triage.yaml",
                            recipe("extensions:\n  - type: stdio\n    name: helper\n    cmd: /usr/bin/helper\n"))
                    ], expected: [".goose/recipes/triage.yaml:6#extensions[0].type"]),
                CheckExample(
                    "remote extension only", .pass, role: .path,
                    files: [
                        .file(
                            ".goose/recipes/triage.yaml",
                            recipe("extensions:\n  - type: streamable_http\n    name: tickets\n    uri: https://mcp.example/mcp\n"))
                    ]),
            ]),
        analyze: { recipe in localProcesses(recipe.extensions) })

    /// `stdio` and `inline_python` entries among `entries`.
    static func localProcesses(_ entries: [MergedEntry]) -> [Problem] {
        entries.compactMap { entry in
            guard ["stdio", "inline_python"].contains(entry.type), let type = entry["type"] else { return nil }
            let what =
                entry.type == "stdio"
                ? "runs `\(entry["cmd"]?.string.map(CommandFacts.program) ?? "a command")`" : "runs inline Python code"
            return Problem(
                setting: type, message: "extension `\(entry.name)` \(what) on the host as soon as the recipe starts",
                evidence: "type: \(entry.type)")
        }
    }
}
