/// One thing periodic audits compare between recorded runs, in one file.
public struct DriftKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Family: String, Sendable, CaseIterable {
        /// One extension entry of a config layer (`name` is the extension's key).
        case `extension`
        /// `GOOSE_MODE` of a config layer.
        case mode
        /// A `permission.yaml`.
        case permissions
        /// A file under `<data>/security/tool_fingerprints/`.
        case toolFingerprint = "tool-fingerprint"
    }

    public var family: Family
    /// The file as `<root label>/<path>`.
    public var file: String
    /// The extension's name, for extension facts.
    public var name: String?

    public init(_ family: Family, file: String, name: String? = nil) {
        self.family = family
        self.file = file
        self.name = name
    }

    /// The stored form, as the history database keeps it: `<family>:<file>[:<name>]`.
    public var description: String { "\(family.rawValue):\(file)" + (name.map { ":\($0)" } ?? "") }

    /// Parses the stored form; nil for a key of no known family.
    public init?(stored: String) {
        guard let colon = stored.firstIndex(of: ":"), let family = Family(rawValue: String(stored[..<colon])) else { return nil }
        let body = stored[stored.index(after: colon)...]
        self.family = family
        if family == .extension, let last = body.lastIndex(of: ":") {
            file = String(body[..<last])
            name = String(body[body.index(after: last)...])
        } else {
            file = String(body)
            name = nil
        }
    }

    public static func < (a: DriftKey, b: DriftKey) -> Bool { a.description < b.description }
}

/// The drift snapshot of one run: typed keys mapped to digests or non-secret values, never a secret.
public struct DriftFacts: Sendable, Hashable {
    public var values: [DriftKey: String]

    public init(_ values: [DriftKey: String] = [:]) {
        self.values = values
    }

    /// The snapshot from its stored form (keys of unknown families are dropped).
    public init(stored: [String: String]) {
        values = Dictionary(
            stored.compactMap { key, value in DriftKey(stored: key).map { ($0, value) } }, uniquingKeysWith: { a, _ in a })
    }

    /// The stored form, for the history database.
    public var stored: [String: String] {
        Dictionary(values.map { ($0.key.description, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// The keys of one family.
    public func keys(of family: DriftKey.Family) -> Set<DriftKey> { Set(values.keys.filter { $0.family == family }) }

    public subscript(key: DriftKey) -> String? { values[key] }
}
