import GooseAuditCore

/// Markdown for a pull-request comment: which host, user, time and roots, a summary table by severity,
/// the top findings, the rest folded in `<details>`, and the number of notices. Every cell is escaped.
/// The whole text stays within `limit` bytes (GitHub's comment limit is 65,536 characters): rows that
/// do not fit are counted and pointed to the full reports instead.
public struct MarkdownRenderer: ReportRenderer {
    /// GitHub's limit for a pull-request comment or a job summary, in characters.
    public static let commentLimit = 65_536

    /// How many findings the main table shows.
    public var top: Int
    /// The most UTF-8 bytes the report may take (bytes ≥ characters, so it fits a character limit too).
    public var limit: Int

    public init(top: Int = 10, limit: Int = MarkdownRenderer.commentLimit) {
        self.top = top
        self.limit = limit
    }

    public func render(_ report: Report) throws -> String {
        let active = report.active
        var head = "## \(MarkdownText.cell(report.tool.name)) report\n\n"
        head += report.header.map { "**\($0.name)**: \(MarkdownText.cell($0.value))" }.joined(separator: " · ") + "\n\n"
        let nothing = report.notices.contains { $0.kind == .nothingFound }
        head +=
            nothing
            ? "**No goose installation or goose file found: nothing was audited.**\n\n"
            : active.isEmpty
                ? "No findings.\n\n" : "**\(active.count) finding\(active.count == 1 ? "" : "s")**, highest risk \(report.maxRisk)/100.\n\n"
        head += "| severity | findings |\n| --- | ---: |\n"
        let counts = report.countsBySeverity
        for severity in Severity.allCases.reversed() { head += "| \(severity.name) | \(counts[severity] ?? 0) |\n" }

        var tail =
            "\n\(report.notices.count) notice\(report.notices.count == 1 ? "" : "s") (parts of the tree that could not be fully audited); "
        tail += "\(report.filesExamined) files examined.\n"
        // Room for the "not shown" line, whatever the count.
        let reserve = 400
        var budget = limit - head.utf8.count - tail.utf8.count - reserve
        var omitted = 0

        func rows(_ lines: [String], header: String) -> String {
            var out = ""
            for line in lines {
                guard budget - line.utf8.count - header.utf8.count >= 0 else {
                    omitted += 1
                    continue
                }
                if out.isEmpty {
                    out = header
                    budget -= header.utf8.count
                }
                out += line
                budget -= line.utf8.count
            }
            return out
        }

        var body = ""
        if !active.isEmpty {
            let table = rows(active.prefix(top).map(row), header: Self.tableHeader)
            if !table.isEmpty { body += "\n### Top findings\n\n" + table }
        }
        if active.count > top {
            let open = "\n<details><summary>\(active.count - top) more findings</summary>\n\n"
            let close = "\n</details>\n"
            budget -= open.utf8.count + close.utf8.count
            body += open + rows(active.dropFirst(top).map(row), header: Self.tableHeader) + close
        }
        let suppressed = report.suppressed
        if !suppressed.isEmpty {
            let open = "\n<details><summary>\(suppressed.count) suppressed</summary>\n\n"
            let close = "\n</details>\n"
            budget -= open.utf8.count + close.utf8.count
            let lines = suppressed.map { f in
                "| \(MarkdownText.cell(f.ruleID)) | \(MarkdownText.cell(f.place)) | \(f.suppression?.source.rawValue ?? "") | "
                    + "\(MarkdownText.cell(f.suppression?.reason ?? "")) |\n"
            }
            body += open + rows(lines, header: "| rule | location | source | reason |\n| --- | --- | --- | --- |\n") + close
        }
        if omitted > 0 {
            body +=
                "\n**\(omitted) more row\(omitted == 1 ? "" : "s") not shown** to fit a pull-request comment "
                + "(\(limit) characters); every finding is in the JSON, SARIF and HTML reports (`--format html --output report.html`).\n"
        }
        return head + body + tail
    }

    static let tableHeader = "| risk | severity | rule | location | message | fix |\n| ---: | --- | --- | --- | --- | --- |\n"

    func row(_ f: Finding) -> String {
        "| \(f.riskScore) | \(f.severity.name) | \(MarkdownText.cell(f.ruleID)) | \(MarkdownText.cell(f.place)) | "
            + "\(MarkdownText.cell(f.message)) (evidence: \(MarkdownText.cell(f.evidence.text))) | \(MarkdownText.cell(f.remediation)) |\n"
    }
}
