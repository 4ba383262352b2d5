import Foundation
import GooseAuditCore
import GooseAuditReports

/// One finished run as the fleet store keeps it: never a raw secret, only what the reports show
/// (redacted evidence, a short evidence digest, fingerprints, rule ids, places, severities, risk).
/// It is also the spool format, one JSON file per run.
public struct FleetRun: Sendable, Hashable, Codable {
    /// Random, chosen once per run: sending the same run twice stores it once.
    public var runID: UUID
    public var host: HostIdentity
    public var startedAt: Date
    public var toolVersion: String
    /// goose versions found on the machine (the scan's version detection), lowest first; empty when unknown.
    public var gooseVersions: [String]
    public var roots: [String]
    public var hardeningIndex: Int
    public var findings: [FleetFinding]
    public var notices: [FleetNotice]
    /// The drift snapshot the run recorded (extension facts, GOOSE_MODE, digests): empty without `--record`.
    public var drift: [String: String]

    public init(
        runID: UUID = UUID(), host: HostIdentity, startedAt: Date, toolVersion: String, gooseVersions: [String] = [],
        roots: [String], hardeningIndex: Int, findings: [FleetFinding], notices: [FleetNotice], drift: [String: String]
    ) {
        self.runID = runID
        self.host = host
        self.startedAt = startedAt
        self.toolVersion = toolVersion
        self.gooseVersions = gooseVersions
        self.roots = roots
        self.hardeningIndex = hardeningIndex
        self.findings = findings
        self.notices = notices
        self.drift = drift
    }

    /// A run from a rendered report: every finding (suppressed ones keep their suppression), every notice.
    public init(
        report: Report, host: HostIdentity, hardeningIndex: Int, drift: [String: String], gooseVersions: [String] = [],
        startedAt: Date = Date()
    ) {
        self.init(
            host: host, startedAt: startedAt, toolVersion: report.tool.version, gooseVersions: gooseVersions,
            roots: report.roots.map(\.label), hardeningIndex: hardeningIndex, findings: report.findings.map(FleetFinding.init),
            notices: report.notices.map(FleetNotice.init), drift: drift)
    }

    /// The highest risk among findings that count (not suppressed).
    public var maxRisk: Int { findings.filter { $0.suppression == nil }.map(\.risk).max() ?? 0 }
}

/// A finding as the fleet store keeps it.
public struct FleetFinding: Sendable, Hashable, Codable {
    public var fingerprint: String
    public var ruleID: String
    public var category: String
    public var severity: Severity
    public var risk: Int
    public var root: String
    public var path: String
    public var line: Int?
    public var keyPath: String?
    /// The report's evidence text: a fact (`mode 0644`) or a redacted secret preview.
    public var evidence: String
    /// The first 12 hex digits of the evidence digest (never the full digest of a secret).
    public var evidenceDigest: String
    /// `inline`, `baseline` or `configuration` with the reason, when suppressed.
    public var suppression: String?

    public init(
        fingerprint: String, ruleID: String, category: String, severity: Severity, risk: Int, root: String, path: String,
        line: Int? = nil, keyPath: String? = nil, evidence: String, evidenceDigest: String, suppression: String? = nil
    ) {
        self.fingerprint = fingerprint
        self.ruleID = ruleID
        self.category = category
        self.severity = severity
        self.risk = risk
        self.root = root
        self.path = path
        self.line = line
        self.keyPath = keyPath
        self.evidence = evidence
        self.evidenceDigest = evidenceDigest
        self.suppression = suppression
    }

    public init(_ finding: Finding) {
        self.init(
            fingerprint: finding.fingerprint, ruleID: finding.ruleID, category: finding.category.rawValue,
            severity: finding.severity, risk: finding.riskScore, root: finding.location.root, path: finding.location.path,
            line: finding.location.line, keyPath: finding.location.keyPath, evidence: finding.evidence.text,
            evidenceDigest: finding.evidence.shortDigest,
            suppression: finding.suppression.map { "\($0.source.rawValue): \($0.reason)" })
    }
}

/// A notice as the fleet store keeps it.
public struct FleetNotice: Sendable, Hashable, Codable {
    public var kind: String
    public var path: String
    public var message: String

    public init(kind: String, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public init(_ notice: Notice) {
        self.init(kind: notice.kind.rawValue, path: notice.path, message: notice.message)
    }
}

extension FleetRun {
    /// This run with every name that is a secret redacted (roots, places, key paths, evidence, notices, drift).
    public var namesRedacted: FleetRun {
        var copy = self
        copy.roots = roots.map(SecretNames.redact)
        copy.findings = findings.map { finding in
            var finding = finding
            finding.root = SecretNames.redact(finding.root)
            finding.path = SecretNames.redact(finding.path)
            finding.keyPath = finding.keyPath.map(SecretNames.redact)
            finding.evidence = SecretNames.redact(finding.evidence)
            finding.suppression = finding.suppression.map(SecretNames.redact)
            return finding
        }
        copy.notices = notices.map {
            FleetNotice(kind: $0.kind, path: SecretNames.redact($0.path), message: SecretNames.redact($0.message))
        }
        copy.drift = Dictionary(drift.map { (SecretNames.redact($0.key), SecretNames.redact($0.value)) }, uniquingKeysWith: { a, _ in a })
        return copy
    }
}
