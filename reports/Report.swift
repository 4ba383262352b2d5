import GooseAuditCore

/// A ranked scan result ready for rendering; every renderer reads this and nothing else.
public struct Report: Sendable {
    public var tool: ToolInfo
    public var roots: [ScanRoot]
    /// Ranked findings, suppressed ones last.
    public var findings: [Finding]
    public var notices: [Notice]
    public var outcomes: [CheckOutcome]
    public var descriptors: [String: CheckDescriptor]
    public var filesExamined: Int
    public var duration: Double

    public init(result: ScanResult, tool: ToolInfo) {
        self.tool = tool
        roots = result.roots
        findings = Ranking.rank(result.findings)
        notices = result.notices
        outcomes = result.outcomes
        descriptors = Dictionary(result.descriptors.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        filesExamined = result.artifactsExamined
        duration = result.duration
    }

    /// Findings that count: not suppressed.
    public var active: [Finding] { findings.filter { $0.suppression == nil } }
    public var suppressed: [Finding] { findings.filter { $0.suppression != nil } }

    /// Active findings per severity, every severity present.
    public var countsBySeverity: [Severity: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0, 0) })
        for finding in active { counts[finding.severity, default: 0] += 1 }
        return counts
    }
}

/// The name and version reports carry.
public struct ToolInfo: Sendable {
    public var name: String
    public var version: String
    public var informationURI: String

    public init(name: String = "goose-audit", version: String, informationURI: String = "https://github.com/goose-audit/goose-audit") {
        self.name = name
        self.version = version
        self.informationURI = informationURI
    }
}

/// A report renderer: one per output format.
public protocol ReportRenderer: Sendable {
    func render(_ report: Report) throws -> String
}
