import GooseAuditCore
import StructuredText

/// The Desktop's `settings.json`, as far as the server checks read it.
struct DesktopSettings {
    struct External {
        var enabled: Bool
        var url: Setting?
        var secret: Setting?
        var fingerprint: Setting?
    }

    let root: Node
    let artifact: Artifact

    init?(_ target: CheckTarget) {
        guard target.artifact.kind == .desktopSettings, let root = target.document()?.root, root.isMapping else { return nil }
        self.root = root
        artifact = target.artifact
    }

    /// `externalGoosed`, with each field's place.
    var external: External? {
        guard let node = root["externalGoosed"], node.isMapping else { return nil }
        let base = Setting.at(node, [.key("externalGoosed")], in: artifact)
        func field(_ name: String) -> Setting? { node.pair(name).map { base.entry($0) } }
        return External(
            enabled: node["enabled"]?.scalar?.truthy ?? false, url: field("url"), secret: field("secret"),
            fingerprint: field("certFingerprint"))
    }
}
