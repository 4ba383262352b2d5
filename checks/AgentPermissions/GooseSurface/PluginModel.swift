import GooseAuditCore
import StructuredText

/// A plugin folder (`<project>/.agents/plugins/<name>/` or `~/.agents/plugins/<name>/`) as goose's
/// `plugins/discovery.rs` and `plugins/mcp_servers.rs` read it.
struct PluginFolder: Sendable {
    enum Scope: String, Sendable {
        case project
        case user
    }

    /// The plugin folder's absolute path (goose's key in config.yaml `plugins:`).
    let path: String
    let name: String
    let scope: Scope
    /// The project folder holding `.agents/plugins` (project scope only).
    let project: String?

    /// The plugin an artifact belongs to, from its path (`…/.agents/plugins/<name>/…`, or the
    /// discovered `~/.agents` root's `plugins/<name>/…`).
    init?(of artifact: Artifact) {
        let parts = artifact.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if artifact.root.role == .agents {
            let rel = artifact.relativePath.split(separator: "/").map(String.init)
            guard rel.count >= 3, rel[0] == "plugins" else { return nil }
            name = rel[1]
            path = artifact.root.path + "/plugins/" + rel[1]
            scope = .user
            project = nil
            return
        }
        guard let index = parts.indices.dropLast(2).last(where: { parts[$0] == ".agents" && parts[$0 + 1] == "plugins" }),
            index + 3 < parts.count
        else { return nil }
        name = parts[index + 2]
        path = parts[...(index + 2)].joined(separator: "/")
        project = parts[..<index].joined(separator: "/")
        // A `.agents` folder directly in a home folder is the user's; any other is a project's.
        let home = artifact.root.role == .path && artifact.relativePath.hasPrefix(".agents/") && Self.looksLikeHome(artifact.root.path)
        scope = home ? .user : .project
    }

    static func looksLikeHome(_ path: String) -> Bool {
        path.hasPrefix("/home/") && path.split(separator: "/").count == 2 || path == "/root"
    }

    /// Why goose would not start this plugin (a settings file or config.yaml disables it), or nil
    /// when it is enabled, which is goose's default for every plugin it discovers.
    func disabledBy(in scan: ScanSnapshot) -> String? {
        // Settings scopes, highest first: local, project, user (`discovery.rs` `is_enabled`).
        var files: [String] = []
        if let project {
            files = [project + "/.config/goose/settings.local.json", project + "/.config/goose/settings.json"]
        }
        let settings = scan.targets(of: [.pluginSettings])
        let user = settings.filter { $0.artifact.root.role == .config && $0.artifact.relativePath == "settings.json" }
        for target in files.compactMap({ file in settings.first { $0.artifact.path == file } }) + user {
            guard let root = target.document()?.root else { continue }
            if Self.lists(root["disabledPlugins"], name) { return target.artifact.displayPath }
            if Self.lists(root["enabledPlugins"], name) { return nil }
        }
        // config.yaml `plugins: {<path>: {enabled: false}}`.
        for config in EffectiveConfig.all(in: scan) where !config.isRepositoryFile {
            if let entry = config.value("plugins")?.node[path], entry["enabled"]?.scalar?.truthy == false {
                return "config.yaml plugins"
            }
        }
        return nil
    }

    static func lists(_ node: Node?, _ name: String) -> Bool {
        node?.items.contains { $0.string == name } ?? false
    }
}

/// One MCP server a plugin declares, as the extension entry goose builds from it
/// (`server_to_extension_config`: a stdio extension named `<plugin>:<server>` with every tool).
struct PluginServer: Sendable {
    let plugin: PluginFolder
    let artifact: Artifact
    let entry: MergedEntry
    /// The `command` setting (where findings about the server point).
    let command: Setting

    /// The servers of a `.mcp.json`-style document (`{"mcpServers": {…}}`) or of a manifest's inline
    /// `mcpServers` map, each field keeping its line.
    static func servers(in map: Node, at base: KeyPath, artifact: Artifact, plugin: PluginFolder) -> [PluginServer] {
        map.pairs.compactMap { pair -> PluginServer? in
            guard pair.value.isMapping else { return nil }
            let entrySetting = Setting(
                node: pair.value, keyPath: base.appending(.key(pair.key.value)), origin: .file(artifact, pair.key.position))
            var fields: [String: Setting] = [:]
            for field in pair.value.pairs {
                let key = ["command": "cmd", "env": "envs"][field.key.value] ?? field.key.value
                fields[key] = entrySetting.entry(field)
            }
            guard let command = fields["cmd"] else { return nil }
            fields["type"] = Setting(
                node: .scalar(Scalar(value: "stdio", position: pair.key.position, isPlain: true)),
                keyPath: entrySetting.keyPath.appending(.key("type")), origin: .file(artifact, pair.key.position))
            let entry = MergedEntry(name: "\(plugin.name):\(pair.key.value)", fields: fields)
            return PluginServer(plugin: plugin, artifact: artifact, entry: entry, command: command)
        }
    }

    /// Whether `all(in:)` or `PluginFolder.disabledBy` reads the artifact: manifests, server lists (the
    /// default `.mcp.json` or any JSON file of a plugin a manifest names), plugin settings, config layers.
    static func reads(_ artifact: Artifact) -> Bool {
        [.pluginManifest, .pluginServers, .pluginSettings].contains(artifact.kind) || EffectiveConfig.isLayer(artifact)
            || (artifact.name.hasSuffix(".json") && PluginFolder(of: artifact) != nil)
    }

    /// Every plugin MCP server of the scan: each plugin's `.mcp.json` (unless its manifest makes
    /// custom paths exclusive), the files its manifest's `mcpServers` names, and inline servers.
    static func all(in scan: ScanSnapshot) -> [PluginServer] {
        scan.shared.memo("agent-permissions:plugin-servers") {
            let byPath = Dictionary(scan.targets.map { ($0.artifact.path, $0) }, uniquingKeysWith: { a, _ in a })
            var servers: [PluginServer] = []
            var exclusive = Set<String>()
            var listed: [(PluginFolder, String)] = []
            for target in scan.targets(of: [.pluginManifest]) where isManifest(target.artifact) {
                guard let plugin = PluginFolder(of: target.artifact), let root = target.document()?.root,
                    let value = root.pair("mcpServers")
                else { continue }
                let keys = Set(value.value.pairs.map(\.key.value))
                if value.value.isMapping, !keys.isSubset(of: ["paths", "exclusive"]) {
                    servers += Self.servers(in: value.value, at: [.key("mcpServers")], artifact: target.artifact, plugin: plugin)
                    continue
                }
                if value.value["exclusive"]?.scalar?.truthy == true { exclusive.insert(plugin.path) }
                let paths =
                    value.value.isMapping
                    ? (value.value["paths"].map { $0.isSequence ? $0.items : [$0] } ?? [])
                    : (value.value.isSequence ? value.value.items : [value.value])
                for item in paths {
                    guard let relative = item.string, relative.hasPrefix("./"), !relative.contains("..") else { continue }
                    listed.append((plugin, plugin.path + "/" + relative.dropFirst(2)))
                }
            }
            let defaults = scan.targets(of: [.pluginServers]).compactMap { target in
                PluginFolder(of: target.artifact).flatMap { exclusive.contains($0.path) ? nil : ($0, target) }
            }
            let custom = listed.compactMap { plugin, path in byPath[path].map { (plugin, $0) } }
            for (plugin, target) in defaults + custom {
                guard let map = target.document()?.root?["mcpServers"], map.isMapping else { continue }
                servers += Self.servers(in: map, at: [.key("mcpServers")], artifact: target.artifact, plugin: plugin)
            }
            return servers
        }
    }

    /// `plugin.json`, `.plugin/plugin.json` or `.goose-plugin/plugin.json` at the plugin's top (`open_plugins.rs` MANIFESTS).
    static func isManifest(_ artifact: Artifact) -> Bool {
        guard artifact.name == "plugin.json", let plugin = PluginFolder(of: artifact) else { return false }
        let inside = artifact.path.dropFirst(plugin.path.count + 1)
        return ["plugin.json", ".plugin/plugin.json", ".goose-plugin/plugin.json"].contains(String(inside))
    }
}
