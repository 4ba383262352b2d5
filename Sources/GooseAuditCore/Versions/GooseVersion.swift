/// A goose release number (`1.43.0`). Pre-release and build suffixes are kept for display but
/// ignored in comparisons: `1.44.0-rc1` counts as 1.44.0.
public struct GooseVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// The text the version was read from (`1.44.0-rc1`).
    public var text: String

    public init?(_ text: some StringProtocol) {
        let trimmed = String(text.drop { $0 == "v" || $0 == "V" })
        let core = trimmed.prefix { $0.isNumber || $0 == "." }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, let major = Int(numbers[0]), let minor = Int(numbers[1]), let patch = Int(numbers[2]),
            numbers.allSatisfy({ !$0.isEmpty && $0.count <= 6 })
        else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch
        self.text = String(trimmed.prefix(32))
    }

    public var description: String { text }

    public static func < (lhs: GooseVersion, rhs: GooseVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public static func == (lhs: GooseVersion, rhs: GooseVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) == (rhs.major, rhs.minor, rhs.patch)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = GooseVersion(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a version: \(text)"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// The goose releases a rule, a control or an advisory concerns: `from` inclusive, `until`
/// exclusive; a missing bound is open.
public struct GooseVersionRange: Sendable, Hashable, Codable, CustomStringConvertible {
    public var from: GooseVersion?
    public var until: GooseVersion?

    public init(from: GooseVersion? = nil, until: GooseVersion? = nil) {
        self.from = from
        self.until = until
    }

    public func contains(_ version: GooseVersion) -> Bool {
        (from.map { version >= $0 } ?? true) && (until.map { version < $0 } ?? true)
    }

    /// `>= 1.39.0`, `< 1.26.0`, `>= 1.35.0, < 1.44.0` or `all versions`.
    public var description: String {
        switch (from, until) {
        case (nil, nil): "all versions"
        case (let low?, nil): ">= \(low)"
        case (nil, let high?): "< \(high)"
        case (let low?, let high?): ">= \(low), < \(high)"
        }
    }
}
