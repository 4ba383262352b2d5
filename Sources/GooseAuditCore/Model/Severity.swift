/// How bad a finding is, from `info` (advice) to `critical` (exploitable now).
public enum Severity: Int, Sendable, CaseIterable, Comparable, Codable, CustomStringConvertible {
    case info = 0
    case low
    case medium
    case high
    case critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The lowercase name used on the command line and in every report.
    public var name: String {
        switch self {
        case .info: "info"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }

    public var description: String { name }

    /// Parses a severity name, case-insensitively.
    public init?(name: String) {
        guard let match = Severity.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = match
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Severity(name: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown severity '\(text)'"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// The area of concern a check belongs to; reports group findings by it.
public enum Category: String, Sendable, CaseIterable, Codable {
    case filesystem
    case secrets
    case permissions
    case cachedSecrets = "cached-secrets"
    case workflow
    case drift
}

/// How sure a check is that a finding is real.
public enum Confidence: String, Sendable, CaseIterable, Codable, Comparable {
    case low
    case medium
    case high

    private var order: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.order < rhs.order }
}

/// What sort of weakness a finding describes; ranking weighs credentials above hygiene advice.
public enum FindingKind: String, Sendable, CaseIterable, Codable {
    /// A usable credential stored where it should not be.
    case credential
    /// A file or directory that other principals can read or write.
    case exposure
    /// A setting that lets the agent or an extension do more than it should.
    case configuration
    /// Advice that reduces risk but is not a weakness by itself.
    case hygiene
}
