import GooseAuditCore

/// Markdown for a pull-request comment: a summary table by severity, the top findings, the rest
/// folded in `<details>`, and the number of notices. Every cell is escaped.
public struct MarkdownRenderer: ReportRenderer {
    /// How many findings the main table shows.
    public var top: Int

    public init(top: Int = 10) {
        self.top = top
    }

    public func render(_ report: Report) throws -> String {
        let active = report.active
        var out = "## \(MarkdownText.cell(report.tool.name)) report\n\n"
        let nothing = report.notices.contains { $0.kind == .nothingFound }
        out += nothing ? "**No goose installation or goose file found: nothing was audited.**\n\n" : active.isEmpty ? "No findings.\n\n" : "**\(active.count) finding\(active.count == 1 ? "" : "s")**, highest risk \(report.maxRisk)/100.\n\n"
        out += "| severity | findings |\n| --- | ---: |\n"
        let counts = report.countsBySeverity
        for severity in Severity.allCases.reversed() { out += "| \(severity.name) | \(counts[severity] ?? 0) |\n" }
        if !active.isEmpty {
            out += "\n### Top findings\n\n" + table(Array(active.prefix(top)))
        }
        if active.count > top {
            out += "\n<details><summary>\(active.count - top) more findings</summary>\n\n" + table(Array(active.dropFirst(top))) + "\n</details>\n"
        }
        let suppressed = report.suppressed
        if !suppressed.isEmpty {
            out += "\n<details><summary>\(suppressed.count) suppressed</summary>\n\n| rule | location | source | reason |\n| --- | --- | --- | --- |\n"
            for f in suppressed {
                let source = f.suppression?.source.rawValue ?? ""
                out += "| \(MarkdownText.cell(f.ruleID)) | \(MarkdownText.cell(f.place)) | \(source) | \(MarkdownText.cell(f.suppression?.reason ?? "")) |\n"
            }
            out += "\n</details>\n"
        }
        out += "\n\(report.notices.count) notice\(report.notices.count == 1 ? "" : "s") (parts of the tree that could not be fully audited); "
        out += "\(report.filesExamined) files examined.\n"
        return out
    }

    func table(_ findings: [Finding]) -> String {
        var out = "| risk | severity | rule | location | message | fix |\n| ---: | --- | --- | --- | --- | --- |\n"
        for f in findings {
            out += "| \(f.riskScore) | \(f.severity.name) | \(MarkdownText.cell(f.ruleID)) | \(MarkdownText.cell(f.place)) | "
            out += "\(MarkdownText.cell(f.message)) (evidence: \(MarkdownText.cell(f.evidence.text))) | \(MarkdownText.cell(f.remediation)) |\n"
        }
        return out
    }
}
