import GooseAuditCore
import StructuredText

/// Where a configuration value was set: a line of a file, or an environment variable.
public enum Origin: Sendable, Hashable {
    case file(Artifact, Position)
    case environment(String)

    /// `/etc/goose/config.yaml:3` or `environment variable GOOSE_MODE`, for messages.
    public var description: String {
        switch self {
        case .file(let artifact, let position): "\(artifact.root.isFile ? artifact.root.path : artifact.displayPath):\(position.line)"
        case .environment(let name): "environment variable \(name)"
        }
    }
}

/// One value of a configuration with the place that set it.
public struct Setting: Sendable, Hashable {
    public var node: Node
    /// The key path in the file that set it (`extensions.jira.args`), or the key for environment values.
    public var keyPath: KeyPath
    public var origin: Origin

    public init(node: Node, keyPath: KeyPath, origin: Origin) {
        self.node = node
        self.keyPath = keyPath
        self.origin = origin
    }

    /// The scalar text, or nil for lists and maps.
    public var string: String? { node.string }

    /// The setting of one item of a list value (`args[1]`), keeping the origin's file.
    public func item(_ index: Int) -> Setting? {
        let items = node.items
        guard items.indices.contains(index) else { return nil }
        return Setting(node: items[index], keyPath: keyPath.appending(.index(index)), origin: moved(to: items[index]))
    }

    /// The setting of one key of a map value (`envs.NODE_OPTIONS`), positioned at the key.
    public func entry(_ pair: Node.Pair) -> Setting {
        Setting(node: pair.value, keyPath: keyPath.appending(.key(pair.key.value)), origin: moved(to: .scalar(pair.key)))
    }

    /// The string items of a list value, or the value split on commas and colons when it is a string
    /// (environment variables carry lists that way).
    public var list: [(String, Setting)] {
        if node.isSequence {
            return node.items.indices.compactMap { index in item(index).flatMap { item in item.string.map { ($0, item) } } }
        }
        guard let text = string else { return [] }
        return text.split(whereSeparator: { $0 == ":" || $0 == "," }).map { ($0.trimming(" \"'[]"), self) }
    }

    private func moved(to node: Node) -> Origin {
        if case .file(let artifact, _) = origin, node.position.line > 0 { return .file(artifact, node.position) }
        return origin
    }
}

/// A map entry merged field by field across layers (`extensions.jira`, `providers.openai`).
public struct MergedEntry: Sendable {
    public var name: String
    public var fields: [String: Setting]

    public subscript(_ field: String) -> Setting? { fields[field] }

    /// `enabled: false` entries are not started by goose.
    public var isEnabled: Bool { fields["enabled"]?.node.scalar.map { $0.isNull || $0.truthy } ?? true }

    /// The entry's `type` (`stdio`, `streamable_http`, …), lower-cased.
    public var type: String { fields["type"]?.string?.lowercased() ?? "" }
}

/// A goose configuration as goose computes it: `/etc/goose/config.yaml`, then each
/// `GOOSE_ADDITIONAL_CONFIG_FILES` layer, then the user file (later wins; `extensions:` and
/// `providers:` merged per entry and per field), with environment variables (the upper-cased key)
/// over everything for the discovered user configuration. Every value remembers where it was set.
public struct EffectiveConfig: Sendable {
    /// The sections goose merges per entry and per field instead of replacing them whole.
    public static let mergedSections: Set<String> = ["extensions", "providers"]

    /// The layers, lowest precedence first.
    public let layers: [Artifact]
    /// The layer findings about unset or environment-set values are attached to (the user file).
    public let anchor: Artifact
    /// The environment, when it applies to this stack (only the discovered user configuration).
    public let environment: [String: String]?
    private let settings: [String: Setting]
    private let sections: [String: [MergedEntry]]

    /// Only the goose settings a shell startup file, unit or manifest exports: the rest of the
    /// configuration is elsewhere, so "not set here" says nothing.
    public let isPartial: Bool

    /// Merges `layers` (each a parsed root map), lowest precedence first; `layers` is never empty.
    public init(layers: [(Artifact, Node)], environment: [String: String]?, isPartial: Bool = false) {
        self.isPartial = isPartial
        var settings: [String: Setting] = [:]
        var sections: [String: [String: MergedEntry]] = [:]
        for (artifact, root) in layers {
            for pair in root.pairs {
                let key = pair.key.value
                let path: KeyPath = [.key(key)]
                let setting = Setting(node: pair.value, keyPath: path, origin: .file(artifact, Self.position(pair)))
                guard Self.mergedSections.contains(key), pair.value.isMapping else {
                    settings[key] = setting
                    continue
                }
                for entry in pair.value.pairs {
                    let name = entry.key.value
                    var merged = sections[key, default: [:]][name] ?? MergedEntry(name: name, fields: [:])
                    let base = setting.entry(entry)
                    for field in entry.value.pairs { merged.fields[field.key.value] = base.entry(field) }
                    sections[key, default: [:]][name] = merged
                }
            }
        }
        self.layers = layers.map(\.0)
        self.anchor = layers.last!.0
        self.environment = environment
        self.settings = settings
        self.sections = sections.mapValues { entries in entries.values.sorted { $0.name < $1.name } }
    }

    /// The effective value of a top-level key: the environment variable named like the upper-cased
    /// key (when the environment applies), else the last layer that sets it.
    public func value(_ key: String) -> Setting? {
        let variable = key.uppercased()
        if let raw = environment?[variable], !raw.isEmpty {
            return Setting(node: Self.parseEnvironment(raw), keyPath: [.key(key)], origin: .environment(variable))
        }
        return settings[key]
    }

    /// The top-level keys the file layers set (environment-only keys are not listed).
    public var keys: [String] { Array(settings.keys) }

    /// The effective scalar text of a top-level key.
    public func string(_ key: String) -> String? { value(key)?.string }

    /// Whether a key is effectively set to a true value (`true`, `1`, `yes`, `on`).
    public func isTrue(_ key: String) -> Bool { value(key)?.node.scalar?.truthy ?? false }

    /// The merged entries of a section, by name.
    public func entries(_ section: String) -> [MergedEntry] { sections[section] ?? [] }

    /// The enabled extensions.
    public var extensions: [MergedEntry] { entries("extensions").filter(\.isEnabled) }

    /// Environment values are parsed as goose does: JSON first (lists, maps), else a plain string.
    static func parseEnvironment(_ raw: String) -> Node {
        let trimmed = raw.trimming(" ")
        if trimmed.hasPrefix("[") || trimmed.hasPrefix("{"), case .success(let document) = StructuredReader.json(trimmed),
            let root = document.root
        {
            return root
        }
        return .scalar(Scalar(value: raw, position: Position(line: 0, column: 0), isPlain: true))
    }

    private static func position(_ pair: Node.Pair) -> Position {
        pair.value.isMapping || pair.value.isSequence ? pair.key.position : pair.value.position
    }
}

extension EffectiveConfig {
    /// Every configuration a scan can tell apart: one stack per user configuration file (on top of
    /// the system and additional layers), or the system and additional layers alone when the scan
    /// holds no user file. Computed once per scan and shared by every check.
    public static func all(in scan: ScanSnapshot) -> [EffectiveConfig] {
        scan.shared.memo("agent-permissions:effective-configs") {
            let system = scan.targets(of: [.systemConfig])
            let order = scan.context.locations.additionalConfigs
            let additional = scan.targets(of: [.additionalConfig]).sorted {
                (order.firstIndex(of: $0.artifact.path) ?? Int.max, $0.artifact.root.label)
                    < (order.firstIndex(of: $1.artifact.path) ?? Int.max, $1.artifact.root.label)
            }
            let configs = scan.targets(of: [.config])
            let base = system + additional
            // The environment a host file gives goose (a Dockerfile's `ENV`) sits over the config the same
            // file writes; an environment layer with no such config stands alone, as a partial layer.
            let environments = Dictionary(grouping: configs.filter { $0.artifact.embedding?.source == .environment }) { $0.artifact.path }
            let written = Set(configs.filter { $0.artifact.embedding?.source == .embeddedText }.map(\.artifact.path))
            let users = configs.filter { $0.artifact.embedding?.source != .environment || !written.contains($0.artifact.path) }
            let tops = users.isEmpty ? Array(base.suffix(1)) : users
            return tops.compactMap { top -> EffectiveConfig? in
                let over = top.artifact.embedding?.source == .embeddedText ? environments[top.artifact.path] ?? [] : []
                let stack = users.isEmpty ? base : base + [top] + over
                let parsed = stack.compactMap { target in target.gooseRoot.map { (target.artifact, $0) } }
                guard let own = parsed.first(where: { $0.0 == top.artifact }) else { return nil }
                if top.artifact.root.role == .path, !looksLikeGoose(own.1) { return nil }
                return EffectiveConfig(
                    layers: parsed, environment: appliesEnvironment(top.artifact) ? scan.context.environment.variables : nil,
                    isPartial: top.artifact.embedding?.source == .environment)
            }
        }
    }

    /// Whether `all(in:)` reads the artifact (a configuration layer): scan checks built on effective
    /// configurations keep those files' parsed forms past the per-artifact pass (`ScanCheck.readsContent`).
    public static func isLayer(_ artifact: Artifact) -> Bool { configKinds.contains(artifact.kind) }

    /// Whether the top layer is a file found in a repository rather than the installation goose reads.
    public var isRepositoryFile: Bool { anchor.root.role == .path }

    /// The environment belongs to the installation discovered for this user, not to repository files.
    static func appliesEnvironment(_ artifact: Artifact) -> Bool {
        switch artifact.root.role {
        case .config: artifact.relativePath == "config.yaml"
        case .systemConfig, .additionalConfig: true
        default: false
        }
    }

    /// A repository `config.yaml` counts as a goose configuration only if it has goose keys: a
    /// `GOOSE_*` key, `active_provider`, or an `extensions` map with goose extension types.
    static func looksLikeGoose(_ root: Node) -> Bool {
        root.pairs.contains { pair in
            let key = pair.key.value
            if key.hasPrefix("GOOSE_") || key == "active_provider" { return true }
            guard key == "extensions" else { return false }
            return pair.value.pairs.contains { entry in entry.value["type"]?.string.map(extensionTypes.contains) ?? false }
        }
    }

    /// The `type` values goose's extension entries take.
    static let extensionTypes: Set<String> = ["stdio", "builtin", "platform", "streamable_http", "sse", "frontend", "inline_python"]
}

extension CheckTarget {
    /// The parsed root map of a goose YAML file, or nil when it does not parse or is not a map.
    var gooseRoot: Node? {
        guard let root = document()?.root, root.isMapping else { return nil }
        return root
    }
}
