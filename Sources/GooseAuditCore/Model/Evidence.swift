import Crypto
import Foundation

/// What a finding shows as proof. It never holds a raw secret: secret values are redacted
/// when the evidence is created, and only a digest of the value is kept, for fingerprints.
public struct Evidence: Sendable, Hashable, Codable {
    /// The text a report may show (a mode, an ACL entry, or a redacted secret preview).
    public let text: String
    /// A hex digest of the underlying value; identifies it without revealing it. For a secret it is an
    /// HMAC-SHA256 under `DigestKey.secrets`, so a dictionary cannot be tried against it without the key.
    public let digest: String
    /// Whether the evidence stands for a secret value.
    public let isSecret: Bool

    private init(text: String, digest: String, isSecret: Bool) {
        self.text = text
        self.digest = digest
        self.isSecret = isSecret
    }

    /// Evidence for a fact that is not secret (`mode 0644`, `user:alice:r--`).
    /// A name in it that is a secret (a symlink target) is redacted first, digest included.
    public static func fact(_ text: String) -> Evidence {
        let shown = SecretNames.redact(text)
        return Evidence(text: shown, digest: Digest.sha256Hex(shown), isSecret: false)
    }

    /// Evidence for a secret value that shows none of its own characters beyond `publicPrefix`,
    /// a known format's published prefix (`ghp_`, `sk-proj-`), when the value starts with it:
    /// `ghp_…(40 chars)`, or `…(32 chars)` for a generic secret. Reports add the short digest.
    public static func secret(_ raw: some StringProtocol, label: String?, publicPrefix: String?) -> Evidence {
        let value = String(raw)
        let preview = Redaction.preview(value, publicPrefix: publicPrefix)
        let text = label.map { "\($0) \(preview)" } ?? preview
        return Evidence(text: text, digest: Digest.hmacHex(key: DigestKey.secrets, Data(value.utf8)), isSecret: true)
    }

    /// The first 12 hex digits of the digest, a short handle a person can compare across reports.
    public var shortDigest: String { String(digest.prefix(12)) }
}

/// Central redaction: the only place that turns a secret into something a report may show.
public enum Redaction {
    /// `ghp_…(40 chars)`: the public prefix when the value starts with it and it leaves at least
    /// half of the value hidden, else only the length.
    public static func preview(_ value: String, publicPrefix: String?) -> String {
        let count = value.count
        guard let prefix = publicPrefix, !prefix.isEmpty, value.hasPrefix(prefix), prefix.count * 2 <= count else {
            return "…(\(count) chars)"
        }
        let shown = prefix.map { ch -> Character in
            ch.isASCII && !ch.isNewline && (ch.isLetter || ch.isNumber || "-_.:/+=@".contains(ch)) ? ch : "?"
        }
        return "\(String(shown))…(\(count) chars)"
    }
}

/// Hashing helpers shared by evidence, fingerprints and baselines.
public enum Digest {
    /// Lowercase hex SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256Hex(_ text: String) -> String {
        sha256Hex(Data(text.utf8))
    }

    /// Lowercase hex SHA-256 of `data`.
    public static func sha256Hex(_ data: some DataProtocol) -> String {
        // Hex by table: `String(format:)` per byte dominated scans that hash every match.
        hex(Array(SHA256.hash(data: data)))
    }
}
