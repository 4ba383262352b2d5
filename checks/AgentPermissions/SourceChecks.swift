import GooseAuditCore
import StructuredText

/// Where goose takes recipes and per-turn instructions from.
extension SettingChecks {
    // MARK: Where recipes and injected text come from

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

    static let injectedMessageFileUnsafe = SettingCheck(
        descriptor: CheckDescriptor(
            id: "injected_message_file_unsafe", title: "Text injected into every turn comes from an unsafe file",
            summary:
                "Reports `GOOSE_MOIM_MESSAGE_FILE` pointing to a relative path, a shared temporary directory or a file other users can write.",
            rationale: """
                goose adds the content of `GOOSE_MOIM_MESSAGE_FILE` (up to 64 KB) to every turn of every session, \
                with the authority of the user's own instructions. If another user, or a repository goose is \
                started in, controls that file, it steers the agent in every conversation.
                """,
            remediation: "Point `GOOSE_MOIM_MESSAGE_FILE` to an absolute, owner-only file.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-1427", "CWE-732", "https://block.github.io/goose/docs/guides/environment-variables"],
            examples: [
                CheckExample(
                    "relative message file", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_MOIM_MESSAGE_FILE": "notes/moim.md"], expected: ["config.yaml#GOOSE_MOIM_MESSAGE_FILE"]),
                CheckExample(
                    "home file", .pass,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\nGOOSE_MOIM_MESSAGE_FILE: ~/.config/goose/moim.md\n")]),
            ]),
        subjects: ["GOOSE_MOIM_MESSAGE_FILE"],
        evaluate: { config in
            guard let file = config.value("GOOSE_MOIM_MESSAGE_FILE"), let path = file.string, !path.hasPrefix("~"),
                let weakness = UnsafePaths.weakness(path)
            else { return [] }
            return [
                Problem(
                    setting: file, message: "the text added to every turn is read from `\(path)`, which \(weakness)",
                    evidence: "\(path): \(weakness)")
            ]
        })
}

/// What makes a directory or file path unsafe to take code from (search paths, scheduled sources).
enum UnsafePaths {
    static let sharedTemporary = ["/tmp", "/var/tmp", "/dev/shm", "/private/tmp"]

    static func weakness(_ entry: String) -> String? {
        if entry.isEmpty { return nil }
        if !entry.hasPrefix("/") && !entry.hasPrefix("~") && !entry.hasPrefix("$") {
            return "is relative, so it depends on the directory goose starts in"
        }
        if sharedTemporary.contains(where: { entry == $0 || entry.hasPrefix($0 + "/") }) { return "is under a shared temporary directory" }
        guard entry.hasPrefix("/") else { return nil }
        let analyzer = ExposureAnalyzer()
        guard let state = analyzer.state(of: entry) else { return nil }
        return analyzer.exposure(of: entry, state: state).isWritableByOthers ? "is writable by other users" : nil
    }
}
