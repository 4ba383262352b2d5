import GooseAuditCore
import StructuredText

/// `recipe_file_parameter`: a recipe that reads a file chosen at run time.
extension RecipeChecks {
    static let fileParameter = RecipeCheck(
        descriptor: CheckDescriptor(
            id: "recipe_file_parameter", title: "Recipe reads a file chosen at run time",
            summary: "Reports recipe `parameters[]` with `input_type: file`.",
            rationale: """
                A `file` parameter inlines the whole content of the file the user names into the prompt, which goes \
                to the model provider and into `sessions.db`. A recipe from elsewhere can ask for `~/.ssh/id_ed25519` \
                or a `.env` file with an innocent description.
                """,
            remediation: "Check what each file parameter asks for; document the expected file and never feed credentials or keys.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: recipeKinds,
            references: ["CWE-200", docs],
            examples: [
                CheckExample(
                    "file parameter", .fail, role: .path,
                    files: [
                        .file(
                            "recipes/review.yaml",
                            recipe(
                                "parameters:\n  - key: config\n    input_type: file\n    requirement: required\n    description: your settings\n"
                            ))
                    ], expected: ["recipes/review.yaml:7#parameters[0].input_type"]),
                CheckExample(
                    "string parameter", .pass, role: .path,
                    files: [
                        .file(
                            "recipes/review.yaml",
                            recipe(
                                "parameters:\n  - key: branch\n    input_type: string\n    requirement: required\n    description: branch\n"
                            ))
                    ]),
            ]),
        analyze: { recipe in
            (recipe.root["parameters"]?.items ?? []).enumerated().compactMap { index, parameter in
                guard let type = parameter["input_type"], type.string?.lowercased() == "file" else { return nil }
                let key = parameter["key"]?.string ?? "#\(index)"
                return Problem(
                    setting: recipe.setting(type, [.key("parameters"), .index(index), .key("input_type")]),
                    message: "parameter `\(key)` inlines the content of a file the user picks into the prompt", evidence: "input_type: file"
                )
            }
        })
}
