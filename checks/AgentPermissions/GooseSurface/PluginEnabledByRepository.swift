import GooseAuditCore
import StructuredText

/// A repository's `.config/goose/settings.json` or `settings.local.json` that enables plugins: project
/// and local settings win over the user's (`plugins/discovery.rs` `is_enabled`: local, project, user).
struct PluginEnabledByRepository: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "plugin_enabled_by_repository", title: "Repository settings switch plugins on",
        summary: "Reports `enabledPlugins` entries in a project's `.config/goose/settings.json` or `settings.local.json`.",
        rationale: """
            goose reads plugin settings in three scopes and the first that names a plugin decides: the project's \
            `settings.local.json`, then its `settings.json`, then the user's. A repository that lists a plugin under \
            `enabledPlugins` therefore overrides the user's own `disabledPlugins`, re-enabling hooks and MCP servers \
            the user switched off, as soon as goose starts in the clone.
            """,
        remediation:
            "Do not commit `enabledPlugins`; to keep a plugin off in every project, set `enabled: false` for its path under config.yaml `plugins:`, which no project file overrides.",
        severity: .medium, category: .permissions, kind: .configuration, artifactKinds: [.pluginSettings],
        references: ["CWE-829", "https://github.com/block/goose/pull/11166"],
        examples: [
            CheckExample(
                "committed enabledPlugins", .fail, role: .path,
                files: [.file(".config/goose/settings.json", "{\n  \"enabledPlugins\": [\n    \"deploy\"\n  ]\n}\n")],
                expected: [".config/goose/settings.json:3#enabledPlugins[0]"]),
            CheckExample(
                "committed disabledPlugins", .pass, role: .path,
                files: [.file(".config/goose/settings.json", "{\"disabledPlugins\": [\"deploy\"]}\n")]),
        ])

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        // The user's own settings (`~/.config/goose/settings.json`, a discovered config root) are not a project's.
        guard artifact.root.role == .path, artifact.path.hasSuffix("/.config/goose/" + artifact.name),
            !PluginFolder.looksLikeHome(String(artifact.path.dropLast("/.config/goose/".count + artifact.name.count))),
            let list = target.document()?.root?["enabledPlugins"]
        else { return [] }
        return list.items.enumerated().compactMap { index, item in
            guard let name = item.string, !name.isEmpty else { return nil }
            return descriptor.finding(
                Problem(
                    setting: .at(item, [.key("enabledPlugins"), .index(index)], in: artifact),
                    message: "the project's \(artifact.name) enables plugin `\(name)`, overriding the user's disabledPlugins",
                    evidence: "enabledPlugins \(name)"),
                anchor: artifact)
        }
    }
}
