import GooseAuditCore
import StructuredText

/// What periodic audits compare between runs: extension definitions, `GOOSE_MODE`, permission rules and
/// goose's own tool fingerprint files. Values are digests or non-secret names, never a secret.
public enum DriftSnapshot {
    /// The facts of this scan, and the artifact each fact's file is (to place findings in it).
    public static func build(_ scan: ScanSnapshot) -> (facts: DriftFacts, artifacts: [String: Artifact]) {
        var out = DriftFacts()
        var artifacts: [String: Artifact] = [:]
        for target in scan.targets {
            let artifact = target.artifact
            let file = file(of: artifact)
            artifacts[file] = artifacts[file] ?? artifact
            switch artifact.kind {
            case .config, .systemConfig, .additionalConfig:
                guard let root = target.document()?.root else { continue }
                out.values[DriftKey(.mode, file: file)] = root["GOOSE_MODE"]?.string ?? "(unset)"
                for pair in root["extensions"]?.pairs ?? [] {
                    out.values[DriftKey(.extension, file: file, name: pair.key.value)] = ExtensionFacts(pair.value).encoded
                }
            case .permissionPolicy:
                guard let text = target.content?.text else { continue }
                out.values[DriftKey(.permissions, file: file)] = Digest.sha256Hex(text)
            case .toolFingerprint:
                guard let bytes = target.rawContent?.bytes else { continue }
                out.values[DriftKey(.toolFingerprint, file: file)] = Digest.sha256Hex(bytes)
            default:
                continue
            }
        }
        // An extension or variable named with a token is a secret: redacted, the same way in every run.
        var redacted = DriftFacts()
        for (key, value) in out.values {
            var key = key
            key.file = SecretNames.redact(key.file)
            key.name = key.name.map(SecretNames.redact)
            redacted.values[key] = SecretNames.redact(value)
        }
        return (redacted, Dictionary(artifacts.map { (SecretNames.redact($0.key), $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Whether `build` reads the artifact's content (its scan checks keep it past the per-artifact pass).
    static func reads(_ artifact: Artifact) -> Bool {
        [.config, .systemConfig, .additionalConfig, .permissionPolicy, .toolFingerprint].contains(artifact.kind)
    }

    /// How a drift key names a file: `<root label>/<path>`, stable across runs.
    static func file(of artifact: Artifact) -> String { "\(artifact.root.label)/\(artifact.displayPath)" }
}

/// The comparable facts of one extension entry: names in clear, everything that could hold a secret digested.
struct ExtensionFacts: Equatable {
    var type: String
    var enabled: String
    var command: String
    var arguments: String
    var uri: String
    var envKeys: [String]

    init(_ node: Node) {
        type = node["type"]?.string ?? "?"
        enabled = node["enabled"]?.string ?? "true"
        command = Self.digest(node["cmd"]?.string ?? "")
        arguments = Self.digest(node["args"]?.items.compactMap(\.string).joined(separator: "\u{1F}") ?? "")
        uri = Self.digest(node["uri"]?.string ?? "")
        let names = (node["envs"]?.pairs.map(\.key.value) ?? []) + (node["env_keys"]?.items.compactMap(\.string) ?? [])
        envKeys = Array(Set(names)).sorted()
    }

    init?(encoded: String) {
        let fields = encoded.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6 else { return nil }
        type = fields[0]
        enabled = fields[1]
        command = fields[2]
        arguments = fields[3]
        uri = fields[4]
        envKeys = fields[5].split(separator: ",").map(String.init)
    }

    var encoded: String { [type, enabled, command, arguments, uri, envKeys.joined(separator: ",")].joined(separator: "|") }

    /// The fields that differ, as a person names them.
    func changes(from old: ExtensionFacts) -> [String] {
        var out: [String] = []
        if type != old.type { out.append("type \(old.type) → \(type)") }
        if enabled != old.enabled { out.append("enabled \(old.enabled) → \(enabled)") }
        if command != old.command { out.append("command") }
        if arguments != old.arguments { out.append("arguments") }
        if uri != old.uri { out.append("URI") }
        if envKeys != old.envKeys {
            let added = Set(envKeys).subtracting(old.envKeys).sorted()
            let removed = Set(old.envKeys).subtracting(envKeys).sorted()
            out.append(
                "env keys" + (added.isEmpty ? "" : " +\(added.joined(separator: ",+"))")
                    + (removed.isEmpty ? "" : " -\(removed.joined(separator: ",-"))"))
        }
        return out
    }

    private static func digest(_ text: String) -> String { text.isEmpty ? "" : String(Digest.sha256Hex(text).prefix(16)) }
}
