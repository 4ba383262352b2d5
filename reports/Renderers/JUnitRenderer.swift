import GooseAuditCore

/// JUnit XML with one testcase per check that ran: failed when a finding reaches `failOn` (the body
/// lists the redacted findings), passed otherwise (findings below the threshold go to `system-out`), or
/// skipped when the check was disabled or found nothing to inspect. The suite's properties say which
/// host, user, time, goose version and roots it describes.
public struct JUnitRenderer: ReportRenderer {
    /// The lowest severity that fails a testcase; nil never fails one (`--fail-on never`).
    public var failOn: Severity?

    public init(failOn: Severity? = .info) {
        self.failOn = failOn
    }

    func fails(_ findings: [Finding]) -> Bool {
        guard let failOn else { return false }
        return findings.contains { $0.severity >= failOn }
    }

    public func render(_ report: Report) throws -> String {
        let active = Dictionary(grouping: report.active, by: \.ruleID)
        let failures = report.outcomes.filter { $0.status == .fail && fails(active[$0.checkID] ?? []) }.count
        let skipped = report.outcomes.filter { $0.status == .disabled || $0.status == .notApplicable }.count
        let counts = "tests=\"\(report.outcomes.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\""
        let name = XMLText.escape(report.tool.name)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(name)\" \(counts)>\n"
        out += "  <testsuite name=\"\(name) \(XMLText.escape(report.tool.version))\" \(counts) time=\"\(seconds(report.duration))\" "
        out += "timestamp=\"\(Report.timestamp(report.time))\" hostname=\"\(XMLText.escape(report.host.hostName))\">\n"
        out += "    <properties>\n"
        for (key, value) in report.header {
            out += "      <property name=\"\(key)\" value=\"\(XMLText.escape(value))\"/>\n"
        }
        out += "      <property name=\"fail-on\" value=\"\(failOn?.name ?? "never")\"/>\n    </properties>\n"
        for outcome in report.outcomes {
            let title = report.descriptors[outcome.checkID]?.title ?? outcome.checkID
            // Disabled checks have no descriptor in the report: their class is the tool alone.
            let category = report.descriptors[outcome.checkID].map { "." + $0.category.rawValue } ?? ""
            out += "    <testcase classname=\"\(name)\(XMLText.escape(category))\" name=\"\(XMLText.escape(outcome.checkID))\">\n"
            switch outcome.status {
            case .pass:
                break
            case .disabled:
                out += "      <skipped message=\"disabled\"/>\n"
            case .notApplicable:
                out += "      <skipped message=\"not applicable: nothing of the kinds this check inspects was found\"/>\n"
            case .fail where !fails(active[outcome.checkID] ?? []):
                let findings = active[outcome.checkID] ?? []
                out += "      <system-out>" + XMLText.escape(findings.map(body).joined(separator: "\n")) + "</system-out>\n"
            case .fail:
                let findings = active[outcome.checkID] ?? []
                let message = "\(findings.count) finding\(findings.count == 1 ? "" : "s"): \(title)"
                let severity = findings.map(\.severity).max()?.name ?? "unknown"
                out += "      <failure message=\"\(XMLText.escape(message))\" type=\"\(severity)\">"
                out += XMLText.escape(findings.map(body).joined(separator: "\n")) + "</failure>\n"
            }
            out += "    </testcase>\n"
        }
        if report.notices.contains(where: { $0.kind == .nothingFound }) {
            out += "    <system-out>No goose installation or goose file found: nothing was audited.</system-out>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// One finding: location, message and evidence preview only (evidence is redacted at creation).
    func body(_ f: Finding) -> String {
        TerminalText.escape("[\(f.severity.name), risk \(f.riskScore)] \(f.place): \(f.message) (evidence: \(f.evidence.text))")
    }

    func seconds(_ value: Double) -> String {
        String((value * 1000).rounded() / 1000)
    }
}
