import Foundation

/// A file of accepted findings. Deterministic by design: sorted fingerprints with their rule id and
/// path only; no timestamps, no line numbers, no evidence. Fingerprints of secrets are keyed (the
/// evidence digest is an HMAC under `DigestKey.secrets`) and marked `secret`; the file names their key
/// by its public identifier only (`key_id`, absent when no entry is a secret) and never holds a plain
/// digest of a secret. Under another key the secret entries cannot match and are left out with one
/// notice (those secrets are reported again: the gate fails closed); every other entry still applies.
/// A finding that moves stays known (the fingerprint has no line); a different secret at the same
/// place is new (its evidence digest differs).
public struct Baseline: Sendable, Hashable {
    /// One accepted finding.
    public struct Entry: Sendable, Hashable, Codable, Comparable {
        public var fingerprint: String
        public var ruleID: String
        public var path: String
        /// Whether the fingerprint is made from a secret (keyed: it matches only under the same key).
        public var secret: Bool

        public init(fingerprint: String, ruleID: String, path: String, secret: Bool = false) {
            self.fingerprint = fingerprint
            self.ruleID = ruleID
            self.path = path
            self.secret = secret
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            fingerprint = try container.decode(String.self, forKey: .fingerprint)
            ruleID = try container.decode(String.self, forKey: .ruleID)
            path = try container.decode(String.self, forKey: .path)
            secret = try container.decodeIfPresent(Bool.self, forKey: .secret) ?? false
        }

        /// `secret` is written only when true, so a baseline without secrets reads the same under any key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fingerprint, forKey: .fingerprint)
            try container.encode(ruleID, forKey: .ruleID)
            try container.encode(path, forKey: .path)
            if secret { try container.encode(true, forKey: .secret) }
        }

        public static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.fingerprint, lhs.ruleID, lhs.path) < (rhs.fingerprint, rhs.ruleID, rhs.path)
        }

        enum CodingKeys: String, CodingKey {
            case fingerprint
            case ruleID = "rule_id"
            case path
            case secret
        }
    }

    /// Why a baseline file was refused.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unreadable(path: String, reason: String)
        case malformed(path: String, reason: String)
        case unsupportedVersion(path: String, found: Int)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "cannot read baseline \(path): \(reason)"
            case .malformed(let path, let reason): "baseline \(path) is not a goose-audit baseline: \(reason)"
            case .unsupportedVersion(let path, let found) where found == 1:
                "baseline \(path) has version 1 (unkeyed fingerprints a dictionary can reverse); regenerate it with `goose-audit baseline`"
            case .unsupportedVersion(let path, let found) where found < Baseline.version:
                "baseline \(path) has version \(found) (made by a development build); regenerate it with `goose-audit baseline create`"
            case .unsupportedVersion(let path, let found):
                "baseline \(path) has version \(found); this goose-audit reads version \(Baseline.version)"
            }
        }
    }

    /// The file format version.
    public static let version = 3
    /// The reason suppressed findings carry.
    public static let reason = "accepted in baseline"

    /// Sorted, without duplicates.
    public private(set) var entries: [Entry]
    private let fingerprints: Set<String>
    /// What the scan should say about this baseline: the secret entries made under another key.
    public private(set) var notices: [Notice] = []

    public init(entries: [Entry]) {
        self.entries = Array(Set(entries)).sorted()
        fingerprints = Set(entries.map(\.fingerprint))
    }

    /// The baseline of every finding not already suppressed otherwise.
    public init(accepting findings: [Finding]) {
        self.init(
            entries: findings.filter { $0.suppression == nil }.map {
                Entry(fingerprint: $0.fingerprint, ruleID: $0.ruleID, path: SecretNames.redact($0.location.path), secret: $0.isKeyed)
            })
    }

    public func contains(_ finding: Finding) -> Bool { fingerprints.contains(finding.fingerprint) }

    /// Marks every known, not yet suppressed finding as suppressed by the baseline; returns how many.
    @discardableResult
    public func apply(to findings: inout [Finding]) -> Int {
        var count = 0
        for index in findings.indices where findings[index].suppression == nil && contains(findings[index]) {
            findings[index].suppression = Suppression(source: .baseline, reason: Self.reason)
            count += 1
        }
        return count
    }

    /// The file's bytes: pretty JSON with sorted keys and a trailing newline.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let keyID = entries.contains(where: \.secret) ? DigestKey.identifier(of: DigestKey.secrets) : nil
        let file = File(baseline_version: Self.version, key_id: keyID, findings: entries)
        let data = (try? encoder.encode(file)) ?? Data()
        return data + Data("\n".utf8)
    }

    /// Reads a baseline file.
    public static func load(path: String) throws -> Baseline {
        switch ContentReader.settingsFile(path, maxBytes: 64 << 20) {
        case .success(let bytes): return try decode(Data(bytes), path: path)
        case .failure(let notice): throw Failure.unreadable(path: path, reason: notice.message)
        }
    }

    /// Parses baseline bytes; `path` only names the file in errors.
    public static func decode(_ data: Data, path: String) throws -> Baseline {
        let file: File
        if let version = try? JSONDecoder().decode(Version.self, from: data), version.baseline_version != Self.version {
            throw Failure.unsupportedVersion(path: path, found: version.baseline_version)
        }
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw Failure.malformed(
                path: path,
                reason: "expected {\"baseline_version\": 3, \"key_id\": …, \"findings\": [{fingerprint, rule_id, path, secret}]}")
        }
        let current = DigestKey.identifier(of: DigestKey.secrets)
        let unmatched = file.findings.filter(\.secret).count
        guard unmatched > 0, file.key_id != current else { return Baseline(entries: file.findings) }
        var baseline = Baseline(entries: file.findings.filter { !$0.secret })
        baseline.notices = [
            Notice(kind: .other, path: path, message: otherKeyMessage(unmatched, made: file.key_id ?? "none", current: current))
        ]
        return baseline
    }

    /// The one notice for secret entries made under another fingerprint key.
    static func otherKeyMessage(_ count: Int, made: String, current: String) -> String {
        let entries = count == 1 ? "1 secret entry was" : "\(count) secret entries were"
        let key =
            DigestKey.isEphemeral ? "this run has no fingerprint key (a key of its own, id \(current))" : "this run uses key \(current)"
        return "\(entries) made with fingerprint key \(made) and cannot match: \(key), so those secrets are reported again; "
            + "set GOOSE_AUDIT_FINGERPRINT_KEY (a CI secret) or .goose-audit.key to the key the baseline was made with (docs/fingerprints.md)"
    }

    private struct Version: Codable {
        let baseline_version: Int
    }

    private struct File: Codable {
        let baseline_version: Int
        /// `DigestKey.identifier` of the key the fingerprints were made with.
        let key_id: String?
        let findings: [Entry]
    }
}
