import Foundation
import GooseAuditCore

/// The version 1 JSON report. Field names are a contract: see `reports/schema/report-v1.schema.json`.
public struct JSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Document(report))
        return TerminalText.jsonEscapingHidden(String(decoding: data, as: UTF8.self)) + "\n"
    }

    struct Document: Encodable {
        let report_version = 1
        let tool: Tool
        let host: Host
        let time: String
        let goose_versions: [String]
        let roots: [String]
        let root_details: [Root]
        let summary: Summary
        let findings: [Item]
        let notices: [NoticeItem]
        let checks: [CheckItem]

        init(_ report: Report) {
            tool = Tool(name: report.tool.name, version: report.tool.version)
            host = Host(
                id: report.host.hostID, name: report.host.hostName, os: report.host.operatingSystem, user: report.host.user,
                uid: Int(report.host.uid))
            time = Report.timestamp(report.time)
            goose_versions = report.gooseVersions
            roots = report.roots.map(\.label)
            root_details = report.roots.map { Root(label: $0.label, path: $0.path, role: $0.role.rawValue) }
            let counts = report.countsBySeverity
            summary = Summary(
                total: report.active.count,
                suppressed: report.suppressed.count,
                by_severity: Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.name, counts[$0] ?? 0) }),
                files_examined: report.filesExamined,
                notices: report.notices.count,
                duration_seconds: (report.duration * 1000).rounded() / 1000)
            findings = report.findings.map(Item.init)
            notices = report.notices.map { NoticeItem(path: $0.path, kind: $0.kind.rawValue, message: $0.message) }
            checks = report.outcomes.map { CheckItem(id: $0.checkID, status: $0.status.rawValue, findings: $0.findings) }
        }
    }

    struct Tool: Encodable {
        let name: String
        let version: String
    }

    struct Host: Encodable {
        let id: String
        let name: String
        let os: String
        let user: String
        let uid: Int
    }

    struct Root: Encodable {
        let label: String
        let path: String
        let role: String
    }

    struct Summary: Encodable {
        let total: Int
        let suppressed: Int
        let by_severity: [String: Int]
        let files_examined: Int
        let notices: Int
        let duration_seconds: Double
    }

    struct Item: Encodable {
        let rule_id: String
        let category: String
        let severity: String
        let risk_score: Int
        let confidence: String
        let kind: String
        let title: String
        let message: String
        let path: String
        let root: String
        let line: Int?
        let column: Int?
        let key_path: String?
        let evidence: String
        let evidence_hash: String
        let remediation: String
        let fingerprint: String
        let exposure: ExposureItem?
        let suppression: SuppressionItem?
        let related_locations: [LocationItem]

        init(_ finding: Finding) {
            rule_id = finding.ruleID
            category = finding.category.rawValue
            severity = finding.severity.name
            risk_score = finding.riskScore
            confidence = finding.confidence.rawValue
            kind = finding.kind.rawValue
            title = finding.title
            message = finding.message
            path = finding.location.path
            root = finding.location.root
            line = finding.location.line
            column = finding.location.column
            key_path = finding.location.keyPath
            evidence = finding.evidence.text
            evidence_hash = finding.evidence.shortDigest
            remediation = finding.remediation
            fingerprint = finding.fingerprint
            exposure = finding.exposure.map(ExposureItem.init)
            suppression = finding.suppression.map { SuppressionItem(source: $0.source.rawValue, reason: $0.reason) }
            related_locations = finding.relatedLocations.map(LocationItem.init)
        }

        // Optional keys are written as null rather than left out, so consumers see every field.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rule_id, forKey: .rule_id)
            try c.encode(category, forKey: .category)
            try c.encode(severity, forKey: .severity)
            try c.encode(risk_score, forKey: .risk_score)
            try c.encode(confidence, forKey: .confidence)
            try c.encode(kind, forKey: .kind)
            try c.encode(title, forKey: .title)
            try c.encode(message, forKey: .message)
            try c.encode(path, forKey: .path)
            try c.encode(root, forKey: .root)
            try c.encode(line, forKey: .line)
            try c.encode(column, forKey: .column)
            try c.encode(key_path, forKey: .key_path)
            try c.encode(evidence, forKey: .evidence)
            try c.encode(evidence_hash, forKey: .evidence_hash)
            try c.encode(remediation, forKey: .remediation)
            try c.encode(fingerprint, forKey: .fingerprint)
            try c.encode(exposure, forKey: .exposure)
            try c.encode(suppression, forKey: .suppression)
            try c.encode(related_locations, forKey: .related_locations)
        }

        enum CodingKeys: String, CodingKey {
            case rule_id, category, severity, risk_score, confidence, kind, title, message, path, root, line, column
            case key_path, evidence, evidence_hash, remediation, fingerprint, exposure, suppression, related_locations
        }
    }

    struct ExposureItem: Encodable {
        let readable_by: [String]
        let writable_by: [String]
        let replaceable_via: [String]
        let protected_by: String?
        let extended_acl: Bool

        init(_ exposure: Exposure) {
            readable_by = exposure.readers.map { "\($0.principal)" }
            writable_by = exposure.writers.map { "\($0.principal)" }
            replaceable_via = exposure.replaceableVia.map { "\($0.directory) (\($0.grant.principal))" }
            protected_by = exposure.protectedBy
            extended_acl = exposure.hasExtendedACL
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(readable_by, forKey: .readable_by)
            try c.encode(writable_by, forKey: .writable_by)
            try c.encode(replaceable_via, forKey: .replaceable_via)
            try c.encode(protected_by, forKey: .protected_by)
            try c.encode(extended_acl, forKey: .extended_acl)
        }

        enum CodingKeys: String, CodingKey { case readable_by, writable_by, replaceable_via, protected_by, extended_acl }
    }

    struct SuppressionItem: Encodable {
        let source: String
        let reason: String
    }

    struct LocationItem: Encodable {
        let root: String
        let path: String
        let line: Int?
        let key_path: String?

        init(_ location: Location) {
            root = location.root
            path = location.path
            line = location.line
            key_path = location.keyPath
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(root, forKey: .root)
            try c.encode(path, forKey: .path)
            try c.encode(line, forKey: .line)
            try c.encode(key_path, forKey: .key_path)
        }

        enum CodingKeys: String, CodingKey { case root, path, line, key_path }
    }

    struct NoticeItem: Encodable {
        let path: String
        let kind: String
        let message: String
    }

    struct CheckItem: Encodable {
        let id: String
        let status: String
        let findings: Int
    }
}
