import GooseAuditCore
import StructuredText

/// The configuration files a goose installation merges.
let configKinds: Set<ArtifactKind> = [.config, .systemConfig, .additionalConfig]
/// Recipe files, including the copies the scheduler runs unattended.
let recipeKinds: Set<ArtifactKind> = [.recipe, .scheduledRecipe]

/// A rule about the effective value of settings, run on every effective configuration, and
/// optionally on single files that set the same knobs outside config.yaml (service definitions,
/// Desktop settings).
struct SettingCheck: ArtifactCheck, ScanCheck {
    let descriptor: CheckDescriptor
    /// Key prefixes the check judges (config keys or environment variables). nil: the check always
    /// applies (an unset `GOOSE_MODE` means auto). Otherwise it applies only when one is set somewhere,
    /// or when a file of its non-config kinds exists.
    var subjects: [String]? = nil
    var evaluate: @Sendable (EffectiveConfig) -> [Problem] = { _ in [] }
    var inspectFile: @Sendable (CheckTarget) -> [Problem] = { _ in [] }

    func isApplicable(_ scan: ScanSnapshot) -> Bool {
        guard let subjects else { return true }
        func matches(_ key: String) -> Bool { subjects.contains { key.hasPrefix($0) } }
        if !scan.targets(of: descriptor.artifactKinds.subtracting(configKinds)).isEmpty { return true }
        if scan.context.environment.variables.keys.contains(where: matches) { return true }
        return EffectiveConfig.all(in: scan).contains { $0.keys.contains(where: matches) }
    }

    func readsContent(of artifact: Artifact) -> Bool { EffectiveConfig.isLayer(artifact) }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        unique(
            EffectiveConfig.all(in: scan).flatMap { config in
                evaluate(config).map { descriptor.finding($0, anchor: config.anchor) }
            })
    }

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        configKinds.contains(target.artifact.kind) ? [] : inspectFile(target).map { descriptor.finding($0, anchor: target.artifact) }
    }
}

/// A recipe file as the recipe checks read it: the recipe map (unwrapped from the Desktop's
/// `{name, recipe, …}` envelope) and the key path it stands at.
struct Recipe {
    let artifact: Artifact
    let root: Node
    let base: KeyPath

    init?(_ target: CheckTarget) {
        guard let document = target.document(), let top = document.root, top.isMapping else { return nil }
        self.init(artifact: target.artifact, top: top)
    }

    init(artifact: Artifact, top: Node) {
        self.artifact = artifact
        if let inner = top["recipe"], inner.isMapping {
            root = inner
            base = [.key("recipe")]
        } else {
            root = top
            base = []
        }
    }

    var isScheduled: Bool { artifact.kind == .scheduledRecipe }

    /// The setting at `path` below the recipe root.
    func setting(_ node: Node, _ path: [PathComponent]) -> Setting {
        .at(node, KeyPath(base.components + path), in: artifact)
    }

    /// The recipe's extensions, each as an entry whose fields carry their own lines.
    var extensions: [MergedEntry] {
        (root["extensions"]?.items ?? []).enumerated().compactMap { index, node in
            guard node.isMapping else { return nil }
            let entry = setting(node, [.key("extensions"), .index(index)])
            var fields: [String: Setting] = [:]
            for pair in node.pairs { fields[pair.key.value] = entry.entry(pair) }
            return MergedEntry(name: node["name"]?.string ?? "#\(index)", fields: fields)
        }
    }
}
