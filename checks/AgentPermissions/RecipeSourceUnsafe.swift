import GooseAuditCore
import StructuredText

/// `recipe_source_unsafe`: recipes loaded from a shared or relative location.
extension SettingChecks {
    static let recipeSourceUnsafe = SettingCheck(
        descriptor: CheckDescriptor(
            id: "recipe_source_unsafe", title: "Recipes loaded from a shared or relative location",
            summary:
                "Reports `GOOSE_RECIPE_PATH` entries and `slash_commands[].recipe_path` values that are relative, under a shared temporary directory or writable by other users, and notes `GOOSE_RECIPE_GITHUB_REPO`.",
            rationale: """
                goose lists and runs recipes from these places; a recipe brings its own instructions, extensions \
                and retry shell commands. Whoever can write there decides what a slash command or `goose recipe` \
                runs. A GitHub recipe repository is fetched with `gh`, so everyone with push access to it is in the \
                same position; that is reported as info.
                """,
            remediation: "Keep recipes in owner-only directories or a reviewed repository, and reference them by absolute path.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-427", "CWE-829", "https://block.github.io/goose/docs/guides/recipes/storing-recipes"],
            examples: [
                CheckExample(
                    "slash command recipe in /tmp", .fail,
                    files: [
                        .file(
                            "config.yaml", "GOOSE_MODE: approve\nslash_commands:\n  - command: deploy\n    recipe_path: /tmp/deploy.yaml\n")
                    ], expected: ["config.yaml:4#slash_commands[0].recipe_path"]),
                CheckExample(
                    "owner recipes", .pass,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\nslash_commands:\n  - command: deploy\n    recipe_path: ~/.config/goose/recipes/deploy.yaml\n"
                        )
                    ]),
            ]),
        subjects: ["GOOSE_RECIPE_", "slash_commands"],
        evaluate: { config in
            var places: [(String, Setting)] = config.value("GOOSE_RECIPE_PATH")?.list ?? []
            if let commands = config.value("slash_commands") {
                for index in commands.node.items.indices {
                    guard let item = commands.item(index), let pair = item.node.pair("recipe_path"), let path = pair.value.string else {
                        continue
                    }
                    places.append((path, item.entry(pair)))
                }
            }
            var problems: [Problem] = places.compactMap { path, setting in
                guard !path.hasPrefix("~"), let weakness = UnsafePaths.weakness(path) else { return nil }
                return Problem(
                    setting: setting, message: "recipes are loaded from `\(path)`, which \(weakness)", evidence: "\(path): \(weakness)")
            }
            if let repo = config.value("GOOSE_RECIPE_GITHUB_REPO"), let name = repo.string, !name.isEmpty {
                problems.append(
                    Problem(
                        setting: repo,
                        message:
                            "recipes are fetched from the GitHub repository \(name); everyone who can push there decides what they run",
                        evidence: "GOOSE_RECIPE_GITHUB_REPO \(name)", severity: .info))
            }
            return problems
        })
}
