import Foundation
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
    /// Recorded runs, oldest first, when the scan was recorded (the HTML report charts the trend).
    public var history: [HistoryPoint] = []
    /// The machine and user the scan describes (every format's header), so reports of many hosts differ.
    public var host: HostIdentity
    /// When the scan started.
    public var time: Date
    /// The goose versions found on this machine (empty when none was detected).
    public var gooseVersions: [String] = []
    /// The files SARIF points directory findings at.
    public var directories = DirectoryAnchors()

    public init(result: ScanResult, tool: ToolInfo, host: HostIdentity = .current()) {
        self.init(
            tool: tool, roots: result.roots, findings: result.findings, notices: result.notices, outcomes: result.outcomes,
            descriptors: result.descriptors, filesExamined: result.artifactsExamined, duration: result.duration, host: host,
            time: Date(timeIntervalSinceNow: -result.duration))
        // The anchors are looked up on disk, so under the roots as scanned (self.roots are redacted for display).
        directories = DirectoryAnchors.locate(findings: findings, roots: result.roots)
        gooseVersions = result.gooseVersions
    }

    /// A report from its parts; ranks `findings`.
    public init(
        tool: ToolInfo, roots: [ScanRoot], findings: [Finding], notices: [Notice], outcomes: [CheckOutcome],
        descriptors: [CheckDescriptor], filesExamined: Int, duration: Double, host: HostIdentity = .current(), time: Date = Date()
    ) {
        self.host = host
        self.time = time
        self.tool = tool
        // Names that are secrets are redacted where findings are built; once more here, for every format.
        self.roots = roots.map(\.namesRedacted)
        self.findings = Ranking.rank(findings.map(\.namesRedacted))
        self.notices = notices.map(\.namesRedacted)
        self.outcomes = outcomes
        self.descriptors = Dictionary(descriptors.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.filesExamined = filesExamined
        self.duration = duration
    }

    /// The header facts every format shows, in this order: host, user, time, goose, roots.
    public var header: [(name: String, value: String)] {
        [
            ("host", "\(host.hostName) (\(host.operatingSystem))"),
            ("user", host.user),
            ("time", Self.timestamp(time)),
            ("goose", gooseVersions.isEmpty ? "version not detected" : gooseVersions.joined(separator: ", ")),
            ("roots", roots.map { $0.label == $0.path ? $0.path : "\($0.label) = \($0.path)" }.joined(separator: ", ")),
        ]
    }

    /// `2026-12-04T12:00:00Z`.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// How many known findings the baseline suppressed.
    public var suppressedByBaseline: Int { findings.filter { $0.suppression?.source == .baseline }.count }

    /// The highest risk score among active findings (0 when there is none).
    public var maxRisk: Int { active.map(\.riskScore).max() ?? 0 }

    /// Active findings per category, every category present.
    public var countsByCategory: [Category: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Category.allCases.map { ($0, 0) })
        for finding in active { counts[finding.category, default: 0] += 1 }
        return counts
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

    /// Where the repository's files are browsed; check pages live at `<this>/docs/checks/<id>.md`.
    public var documentationBase: String { informationURI + "/blob/main" }

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

extension Finding {
    /// `root/path:line:column [key.path]`: how every renderer names a finding's place.
    public var place: String {
        var text = location.path.isEmpty ? location.root : "\(location.root)/\(location.display)"
        if let keyPath = location.keyPath { text += " [\(keyPath)]" }
        return text
    }
}

/// One recorded run as the reports show it over time.
public struct HistoryPoint: Sendable, Hashable {
    public var run: Int
    public var time: Date
    public var hardeningIndex: Int
    public var findings: Int

    public init(run: Int, time: Date, hardeningIndex: Int, findings: Int) {
        self.run = run
        self.time = time
        self.hardeningIndex = hardeningIndex
        self.findings = findings
    }
}
