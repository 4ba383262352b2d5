import GooseAuditCore
import StructuredText

/// Plugins cloned with `goose plugin install --auto-update`: goose re-clones them from their source
/// every 24 hours (`plugins/mod.rs`, `.goose-plugin-install.json`, `AUTO_UPDATE_INTERVAL_HOURS`).
struct PluginAutoUpdate: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "plugin_auto_update", title: "Plugin updates itself from its git source",
        summary:
            "Reports `.goose-plugin-install.json` files with `auto_update: true`, and plugins installed from a source that is not `https://` or a local path.",
        rationale: """
            goose re-clones an auto-updating plugin from its recorded `source` at most every 24 hours and starts \
            using the new hooks, MCP servers and skills without a review step. Whoever controls that repository, or \
            the network path to a plain `http://` or `git://` source, decides what runs in the next session.
            """,
        remediation:
            "Reinstall the plugin without `--auto-update` from an `https://` source you trust, review updates by hand (`goose plugin update`), or vendor it.",
        severity: .medium, category: .permissions, kind: .configuration, artifactKinds: [.pluginInstall],
        references: ["CWE-494", "CWE-829"],
        examples: [
            CheckExample(
                "auto-updating plugin from plain http", .fail, role: .agents,
                files: [
                    .file(
                        "plugins/fmt/.goose-plugin-install.json",
                        "{\n  \"source\": \"http://git.example.invalid/fmt.git\",\n  \"source_type\": \"git\",\n  \"format\": \"open-plugins\",\n  \"auto_update\": true,\n  \"last_update_check\": null\n}\n"
                    )
                ], expected: ["plugins/fmt/.goose-plugin-install.json:2#source", "plugins/fmt/.goose-plugin-install.json:5#auto_update"]),
            CheckExample(
                "pinned https install", .pass, role: .agents,
                files: [
                    .file(
                        "plugins/fmt/.goose-plugin-install.json",
                        "{\"source\": \"https://github.com/acme/fmt.git\", \"source_type\": \"git\", \"format\": \"open-plugins\", \"auto_update\": false}\n"
                    )
                ]),
        ])

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let root = target.document()?.root, root.isMapping else { return [] }
        let artifact = target.artifact
        let name = PluginFolder(of: artifact)?.name ?? "plugin"
        var problems: [Problem] = []
        if let source = root["source"], let text = source.string {
            let lower = text.lowercased()
            let scheme = lower.contains("://") ? String(lower.prefix { $0 != ":" }) : nil
            if let scheme, scheme != "https", scheme != "file", scheme != "ssh" {
                problems.append(
                    Problem(
                        setting: .at(source, [.key("source")], in: artifact),
                        message: "plugin `\(name)` was installed from a \(scheme):// source that anyone on the network path can replace",
                        evidence: "source scheme \(scheme)", severity: .high))
            }
        }
        if let update = root["auto_update"], update.scalar?.truthy == true {
            let source = root["source"]?.string.flatMap { URLFacts.host(of: $0) } ?? "its source"
            problems.append(
                Problem(
                    setting: .at(update, [.key("auto_update")], in: artifact),
                    message:
                        "plugin `\(name)` re-clones itself from \(source) every 24 hours and runs the new hooks, servers and skills unreviewed",
                    evidence: "auto_update: true"))
        }
        return problems.map { descriptor.finding($0, anchor: artifact) }
    }
}
