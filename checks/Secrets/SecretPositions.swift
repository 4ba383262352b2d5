import Foundation
import GooseAuditCore
import SecretEngine
import StructuredText

/// Where goose files keep credential values, and which literal values there are credentials.
enum SecretPositions {
    /// Goose files whose structure says where credentials live.
    static let structuredKinds: Set<ArtifactKind> = [
        .config, .systemConfig, .additionalConfig, .configBackup, .recipe, .scheduledRecipe, .customProvider, .envFile,
        .tokenCache, .oauthCache, .desktopSettings, .pluginSettings, .pluginHooks,
    ]

    static let configKinds: Set<ArtifactKind> = [.config, .systemConfig, .additionalConfig, .configBackup]

    /// The leaves of `document` that sit where `kind` keeps a credential value.
    static func secretBearing(_ document: StructuredDocument, kind: ArtifactKind) -> [Leaf] {
        guard let root = document.root else { return [] }
        let leaves = root.leaves()
        switch kind {
        case _ where configKinds.contains(kind):
            return leaves.filter { leaf in
                let keys = leaf.keyPath.keys
                if keys.count == 1 { return isSecretName(keys[0]) }
                return keys.count == 4 && keys[0] == "extensions" && (keys[2] == "envs" || keys[2] == "headers")
            }
        case .recipe, .scheduledRecipe:
            let secretParameters = Set(
                root["parameters"]?.items.enumerated().compactMap { index, item in
                    item["key"]?.string.map(isSecretName) == true ? index : nil
                } ?? [])
            return leaves.filter { leaf in
                let components = leaf.keyPath.components
                let keys = leaf.keyPath.keys
                if keys.count == 3, keys[0] == "extensions", keys[1] == "envs" || keys[1] == "headers" { return true }
                if keys == ["parameters", "default"], case .index(let index)? = components.dropFirst().first {
                    return secretParameters.contains(index)
                }
                return false
            }
        case .customProvider:
            return leaves.filter { leaf in
                let keys = leaf.keyPath.keys
                return (keys.count == 2 && keys[0] == "headers") || (keys.count == 1 && isSecretName(keys[0]))
            }
        default:
            return leaves.filter { leaf in leaf.keyPath.keys.last.map(isSecretName) ?? false }
        }
    }

    private static let nameMarkers = bytes([
        "API_KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE_KEY", "ACCESS_KEY", "AUTH",
        "COOKIE", "CUSTOM_HEADERS", "SIGNING_KEY", "ENCRYPTION_KEY",
    ])
    private static let nameExclusions = bytes([
        "_ENV", "_NAME", "_FILE", "_PATH", "_URL", "_URI", "_HOST", "_ENDPOINT", "_TYPE", "EXPIRES", "_TOKENS", "TOKEN_LIMIT",
        "PUBLIC", "_KEYS", "_COUNT", "_LENGTH", "_TTL", "_TIMEOUT", "_MODEL", "_PROVIDER", "_ID", "AUTHOR", "_MODE", "_METHOD",
        "_SCOPE", "_ENABLED", "DISABLE",
    ])
    private static let alwaysSecretSuffixes = bytes(["_SECRET_KEY", "_API_KEY", "AUTHORIZATION"])

    /// Lowercased UTF-8 forms of upper-case name fragments (`-` and `_` are the same in names).
    private static func bytes(_ words: [String]) -> [[UInt8]] { words.map { ASCIIText.folded($0) } }

    /// Whether a key name says it holds a credential (`GITHUB_TOKEN`, `x-api-key`, `Authorization`).
    static func isSecretName(_ name: String) -> Bool {
        let folded = ASCIIText.folded(name).map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "_") : $0 }
        guard nameMarkers.contains(where: { ASCIIText.contains(folded, $0) }) else { return false }
        return !nameExclusions.contains { ASCIIText.contains(folded, $0) } || alwaysSecretSuffixes.contains { folded.ends(with: $0) }
    }

    private static let schemes = ["bearer ", "basic ", "token ", "bot "]
    private static let weakWords: Set<String> = [
        "password", "secret", "token", "apikey", "api_key", "none", "null", "true", "false", "required", "optional", "keyring",
    ]

    /// The credential in a literal value at a secret-bearing position, or nil when the value is
    /// a reference, a placeholder, a name, a URL, a path, a UUID or too plain to be a credential.
    static func credential(in raw: String, secretNamed: Bool) -> String? {
        var value = raw.trimmingCharacters(in: .whitespaces)
        if let scheme = schemes.first(where: { value.lowercased().hasPrefix($0) }) {
            value = String(value.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
        }
        // Unnamed values longer than a token are bundles (certificates, base64 blobs), not credentials.
        guard value.count >= (secretNamed ? 8 : 16), value.count <= (secretNamed ? 4096 : 256),
            !value.contains(where: { $0.isWhitespace }),
            !Placeholder.matches(value), !weakWords.contains(value.lowercased()),
            !value.contains("://"), !value.hasPrefix("/"), !value.hasPrefix("./"), !value.hasPrefix("~"),
            !isEnvironmentName(value), !isUUID(value), !value.allSatisfy(\.isNumber)
        else { return nil }
        let entropy = Entropy.shannon(Array(value.utf8))
        if secretNamed { return entropy >= 2.5 ? value : nil }
        let mixed = value.contains(where: \.isLetter) && value.contains(where: \.isNumber)
        let hex = value.allSatisfy(\.isHexDigit)
        return mixed && !hex && entropy >= 4.0 ? value : nil
    }

    /// `GITHUB_TOKEN`: the name of a variable, not its value.
    static func isEnvironmentName(_ value: String) -> Bool {
        value.first?.isUppercase == true && value.allSatisfy { ($0.isUppercase && $0.isASCII) || $0.isNumber || $0 == "_" }
    }

    static func isUUID(_ value: String) -> Bool {
        let groups = value.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix) }
}
