import Foundation
import GooseAuditCore

/// SARIF 2.1.0 as GitHub code scanning accepts it: rules with levels, tags and a numeric
/// `security-severity`, relative locations under one base id per root, content-hash fingerprints,
/// and suppressed findings carried with `suppressions` rather than dropped.
public struct SARIFRenderer: ReportRenderer {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The `partialFingerprints` key of goose-audit's line-independent fingerprint.
    public static let fingerprintKey = "gooseAuditFingerprint/v1"

    public init() {}

    public func render(_ report: Report) throws -> String {
        let rules = Self.rules(report)
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let invocation: [String: JSONValue] = [
            "executionSuccessful": .bool(!report.notices.contains { $0.kind == .rootMissing || $0.kind == .checkFailed }),
            "toolExecutionNotifications": .array(report.notices.map(notification)),
            "startTimeUtc": .string(Report.timestamp(report.time)),
            "machine": .string(report.host.hostName),
            "account": .string(report.host.user),
            "properties": [
                "hostId": .string(report.host.hostID),
                "operatingSystem": .string(report.host.operatingSystem),
                "gooseVersions": .array(report.gooseVersions.map { .string($0) }),
            ],
        ]
        let run: JSONValue = [
            "tool": [
                "driver": [
                    "name": .string(report.tool.name),
                    "version": .string(report.tool.version),
                    "semanticVersion": .string(report.tool.version),
                    "informationUri": .string(report.tool.informationURI),
                    "rules": .array(rules.map { rule($0, findings: report.findings, tool: report.tool, documented: report.descriptors) }),
                ]
            ],
            "originalUriBaseIds": .object(
                Dictionary(
                    report.roots.enumerated().map { index, root in
                        (Self.baseID(index), Self.base(root))
                    }, uniquingKeysWith: { a, _ in a })),
            "results": .array(report.findings.map { result($0, ruleIndex: ruleIndex, report: report) }),
            "invocations": [.object(invocation)],
            "columnKind": "unicodeCodePoints",
        ]
        let document: JSONValue = ["$schema": .string(Self.schemaURI), "version": "2.1.0", "runs": [run]]
        return try document.text()
    }

    /// The rule id a finding reports under: its check's id, or `id/severity` when its severity differs from
    /// the check's (a configured override, a raised or lowered exposure), so that the rule GitHub shows
    /// carries the finding's own level and `security-severity`.
    static func ruleID(_ f: Finding, descriptors: [String: CheckDescriptor]) -> String {
        guard let descriptor = descriptors[f.ruleID], descriptor.severity != f.severity else { return f.ruleID }
        return "\(f.ruleID)/\(f.severity.name)"
    }

    /// The rules: every descriptor that ran, plus any rule id a finding carries without one.
    static func rules(_ report: Report) -> [CheckDescriptor] {
        var byID = report.descriptors
        for finding in report.findings {
            let id = ruleID(finding, descriptors: report.descriptors)
            guard byID[id] == nil else { continue }
            if var variant = report.descriptors[finding.ruleID] {
                variant.id = id
                variant.severity = finding.severity
                byID[id] = variant
            } else {
                byID[id] = CheckDescriptor(
                    id: finding.ruleID, title: finding.title, summary: finding.title, rationale: finding.title,
                    remediation: finding.remediation, severity: finding.severity, category: finding.category,
                    kind: finding.kind, artifactKinds: [])
            }
        }
        return byID.values.sorted { $0.id < $1.id }
    }

    func rule(_ d: CheckDescriptor, findings: [Finding], tool: ToolInfo, documented: [String: CheckDescriptor]) -> JSONValue {
        let base = String(d.id.split(separator: "/").first ?? Substring(d.id))
        let lowest = findings.filter { $0.ruleID == base }.map(\.confidence).min() ?? .high
        // Only checks with a descriptor have a page; other rule ids (extra rule files) link the index.
        let help = documented[base] == nil ? CheckDocs.indexURI(tool: tool) : CheckDocs.uri(base, tool: tool)
        let helpMarkdown =
            "\(d.summary)\n\n**Why it matters.** \(d.rationale)\n\n**Remediation.** \(d.remediation)\n\n"
            + "[Check reference](\(help))"
        return [
            "id": .string(d.id),
            "name": .string(Self.pascalCase(d.id.replacingOccurrences(of: "/", with: "_"))),
            "shortDescription": ["text": .string(d.title)],
            "fullDescription": ["text": .string(d.summary)],
            "help": ["text": .string("\(d.rationale)\n\nRemediation: \(d.remediation)"), "markdown": .string(helpMarkdown)],
            "helpUri": .string(help),
            "defaultConfiguration": ["level": .string(Self.level(d.severity))],
            "properties": [
                "tags": .array(["security", .string(d.category.rawValue), .string(d.kind.rawValue)]),
                "precision": .string(Self.precision(lowest)),
                "security-severity": .string(Self.securitySeverity(d.severity)),
                "problem.severity": .string(Self.level(d.severity) == "note" ? "recommendation" : Self.level(d.severity)),
            ],
        ]
    }

    func result(_ f: Finding, ruleIndex: [String: Int], report: Report) -> JSONValue {
        let directories = report.directories
        // Code scanning shows results on files: a directory finding points at the nearest file, or has only a
        // logical location (the root and directory) when there is none.
        let isDirectory = directories.isDirectory(f.location)
        let anchor = isDirectory ? directories.anchor(f.location) : f.location.path
        var location: [String: JSONValue] = [:]
        if let anchor {
            var artifact: [String: JSONValue] = ["uri": .string(Self.uri(anchor))]
            // The finding's artifact names its root: no lookup by root label.
            if let id = f.artifact, id.rootIndex < report.roots.count { artifact["uriBaseId"] = .string(Self.baseID(id.rootIndex)) }
            var physical: [String: JSONValue] = ["artifactLocation": .object(artifact)]
            if let line = f.location.line, line > 0 {
                var region: [String: JSONValue] = ["startLine": .int(line)]
                if let column = f.location.column, column > 0 { region["startColumn"] = .int(column) }
                physical["region"] = .object(region)
            }
            location["physicalLocation"] = .object(physical)
        }
        if let keyPath = f.location.keyPath {
            location["logicalLocations"] = [["fullyQualifiedName": .string(keyPath), "kind": "member"]]
        } else if isDirectory {
            let name = f.location.path.isEmpty ? f.location.root : "\(f.location.root)/\(f.location.path)"
            location["logicalLocations"] = [["fullyQualifiedName": .string(name), "kind": "module"]]
        }
        let id = Self.ruleID(f, descriptors: report.descriptors)
        let directoryNote = isDirectory ? " (directory \(f.location.path.isEmpty ? f.location.root : f.location.path))" : ""
        var result: [String: JSONValue] = [
            "ruleId": .string(id),
            "ruleIndex": .int(ruleIndex[id] ?? -1),
            "level": .string(Self.level(f.severity)),
            "message": ["text": .string("\(f.message)\(directoryNote) (evidence: \(f.evidence.text))")],
            "locations": [.object(location)],
            "partialFingerprints": [Self.fingerprintKey: .string(Self.partialFingerprint(f))],
            "properties": [
                "risk-score": .int(f.riskScore),
                "severity": .string(f.severity.name),
                "security-severity": .string(Self.securitySeverity(f.severity)),
                "confidence": .string(f.confidence.rawValue),
                "evidence-hash": .string(f.evidence.shortDigest),
            ],
        ]
        if let suppression = f.suppression {
            result["suppressions"] = [
                [
                    "kind": .string(suppression.source == .inline ? "inSource" : "external"),
                    "status": "accepted",
                    "justification": .string("\(suppression.source.rawValue): \(suppression.reason)"),
                ]
            ]
        }
        return .object(result)
    }

    func notification(_ notice: Notice) -> JSONValue {
        let serious = notice.kind == .rootMissing || notice.kind == .checkFailed
        let text = notice.path.isEmpty ? notice.message : "\(notice.path): \(notice.message)"
        return [
            "level": .string(serious ? "error" : "warning"),
            "message": ["text": .string(text)],
            "descriptor": ["id": .string(notice.kind.rawValue)],
        ]
    }

    /// The `uriBaseId` of the root at `index` of the report's roots.
    static func baseID(_ index: Int) -> String { "ROOT\(index + 1)" }

    static func base(_ root: ScanRoot) -> JSONValue {
        let directory = root.isFile ? (root.path as NSString).deletingLastPathComponent : root.path
        let uri = URL(fileURLWithPath: directory, isDirectory: true).absoluteString
        return ["uri": .string(uri.hasSuffix("/") ? uri : uri + "/"), "description": ["text": .string(root.label)]]
    }

    /// A relative URI reference for a report path: percent-encoded, `.` for the root itself.
    static func uri(_ path: String) -> String {
        guard !path.isEmpty else { return "." }
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~/!$&'()*+,;=:@")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// GitHub's bands: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low ≤ 3.9.
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        case .info: "1.0"
        }
    }

    static func precision(_ confidence: Confidence) -> String {
        switch confidence {
        case .high: "high"
        case .medium: "medium"
        case .low: "low"
        }
    }

    static func pascalCase(_ id: String) -> String {
        id.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
