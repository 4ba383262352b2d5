import GooseAuditCore

/// One credential found in a text. The raw value stays in this type: checks turn it into
/// evidence through `SecretReport` and nothing else; `description` never shows it.
public struct SecretMatch: Sendable, Hashable, CustomStringConvertible {
    public var ruleID: String
    /// Index of the rule in `SecretScanner.rules`.
    public var ruleIndex: Int
    /// Byte range of the secret.
    public var range: Range<Int>
    /// Byte range of the whole pattern match (keyword, separator and secret).
    public var matchRange: Range<Int>
    /// 1-based line and column (in Unicode scalars) where the secret starts.
    public var line: Int
    public var column: Int
    /// The raw secret. Never log, print or store it: build `SecretReport.evidence(match.secret, …)`.
    public var secret: String
    /// How severe the find is, by what the secret opens (`SecretReport.severity`).
    public var severity: Severity

    public var description: String { "\(ruleID) at \(line):\(column) (\(range.count) bytes)" }
}

/// What a scan found, and how many match attempts hit a PCRE2 limit (text not fully searched).
public struct SecretScanOutcome: Sendable {
    public var matches: [SecretMatch]
    public var limitHits: Int

    public init(matches: [SecretMatch] = [], limitHits: Int = 0) {
        self.matches = matches
        self.limitHits = limitHits
    }
}
