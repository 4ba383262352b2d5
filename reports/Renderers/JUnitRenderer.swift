import GooseAuditCore

/// JUnit XML with one testcase per check that ran: passed, failed (the body lists the redacted
/// findings), or skipped when the check was disabled or found nothing to inspect.
public struct JUnitRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: Report) throws -> String {
        let active = Dictionary(grouping: report.active, by: \.ruleID)
        let failures = report.outcomes.filter { $0.status == .fail }.count
        let skipped = report.outcomes.filter { $0.status == .disabled || $0.status == .notApplicable }.count
        let counts = "tests=\"\(report.outcomes.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\""
        let name = XMLText.escape(report.tool.name)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(name)\" \(counts)>\n"
        out += "  <testsuite name=\"\(name) \(XMLText.escape(report.tool.version))\" \(counts) time=\"\(seconds(report.duration))\">\n"
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
