import GooseAuditCore
import StructuredText

/// Checks on `permission.yaml`, goose's per-tool approval policy.
enum PermissionPolicyChecks {
    static let docs = "https://block.github.io/goose/docs/guides/managing-tools/tool-permissions"

    /// The entries of `<category>.<list>` (`user.always_allow`) with their places.
    static func entries(_ target: CheckTarget, _ list: String, in category: String = "user") -> [(String, Setting)] {
        guard target.artifact.name == "permission.yaml", let root = target.gooseRoot, let section = root.pair(category),
            let pair = section.value.pair(list)
        else { return [] }
        let setting = Setting.at(section.value, [.key(category)], in: target.artifact).entry(pair)
        return setting.list
    }
}
