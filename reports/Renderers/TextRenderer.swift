import GooseAuditCore

/// The terminal report: top risks first, grouped by severity, a summary line; ANSI colours when asked.
/// Every scanned name, value and message goes through `TerminalText.escape` (`e`), so colour codes come only from
/// `paint`, and the whole text through `TerminalText.guardLines`.
public struct TextRenderer: ReportRenderer {
    public var colour: Bool
    /// Show suppressed findings too (with their reasons).
    public var showSuppressed: Bool

    /// Findings of one rule shown per severity before the rest are counted.
    static let perRule = 10

    public init(colour: Bool, showSuppressed: Bool = true) {
        self.colour = colour
        self.showSuppressed = showSuppressed
    }

    public func render(_ report: Report) throws -> String {
        var out = ""
        // Host, user, time and goose version on the first line, the roots (label = absolute path) on the second.
        let header = report.header.map { "\($0.name): \(e($0.value))" }
        out += paint("\(report.tool.name) \(report.tool.version)", .bold) + " · " + header.dropLast().joined(separator: " · ") + "\n"
        out += header.last.map { $0 + "\n" } ?? ""
        let active = report.active
        if report.notices.contains(where: { $0.kind == .nothingFound }) {
            out += "\n" + paint("No goose installation or goose file found: nothing was audited.", .yellow) + "\n"
        } else if active.isEmpty {
            out += "\n" + paint("No findings.", .green) + "\n"
        }
        for severity in Severity.allCases.reversed() {
            let group = active.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out += "\n" + paint("\(severity.name.uppercased()) (\(group.count))", style(severity)) + "\n"
            // A rule that fires on many files would bury everything else: show its top entries, then count.
            var shown: [String: Int] = [:]
            var folded: [(rule: String, count: Int)] = []
            for finding in group {
                shown[finding.ruleID, default: 0] += 1
                if shown[finding.ruleID]! <= Self.perRule { out += entry(finding) }
            }
            for (rule, count) in shown where count > Self.perRule { folded.append((rule, count - Self.perRule)) }
            for item in folded.sorted(by: { $0.rule < $1.rule }) {
                out += paint("  … \(item.count) more \(e(item.rule)) findings (every one is in --format json, sarif or html)", .dim) + "\n"
            }
        }
        let suppressed = report.suppressed
        if showSuppressed, !suppressed.isEmpty {
            out += "\n" + paint("SUPPRESSED (\(suppressed.count))", .dim) + "\n"
            for finding in suppressed {
                let why = finding.suppression.map { "\($0.source.rawValue): \(e($0.reason))" } ?? ""
                out += "  \(e(finding.ruleID))  \(e(finding.place))  — \(why)\n"
            }
        }
        if !report.notices.isEmpty {
            out += "\n" + paint("NOTICES (\(report.notices.count))", .yellow) + " — parts of the tree that could not be fully audited\n"
            for notice in report.notices.prefix(50) {
                out += "  \(notice.kind.rawValue): \(notice.path.isEmpty ? "-" : e(notice.path)): \(e(notice.message))\n"
            }
            if report.notices.count > 50 { out += "  … and \(report.notices.count - 50) more (see --format json)\n" }
        }
        out += "\n" + summary(report) + "\n"
        return TerminalText.guardLines(out)
    }

    func entry(_ finding: Finding) -> String {
        var text = "  " + paint(String(format3(finding.riskScore)), style(finding.severity)) + "  "
        text += paint(e(finding.ruleID), .bold) + "  " + e(finding.place) + "\n"
        text += "       \(e(finding.message))\n"
        text += "       evidence: \(e(finding.evidence.text))\n"
        for related in finding.relatedLocations.prefix(5) {
            text += "       also at: \(e(related.root))/\(e(related.display))\n"
        }
        text += "       fix: \(e(finding.remediation))\n"
        return text
    }

    func summary(_ report: Report) -> String {
        let counts = report.countsBySeverity
        let parts = Severity.allCases.reversed().map { "\(counts[$0] ?? 0) \($0.name)" }.joined(separator: ", ")
        let baseline = report.suppressedByBaseline > 0 ? " (\(report.suppressedByBaseline) known from the baseline)" : ""
        return "\(report.active.count) findings (\(parts)); \(report.suppressed.count) suppressed\(baseline); "
            + "\(report.filesExamined) files examined; \(report.notices.count) notices"
    }

    /// Scanned text made visible and inert (the one escaping of every human-readable output).
    func e(_ text: String) -> String { TerminalText.escape(text) }

    private func format3(_ score: Int) -> String {
        let text = String(score)
        return String(repeating: " ", count: max(0, 3 - text.count)) + text
    }

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case brightRed = "1;31"
        case yellow = "33"
        case blue = "34"
        case green = "32"
        case grey = "90"
    }

    func style(_ severity: Severity) -> Style {
        switch severity {
        case .critical: .brightRed
        case .high: .red
        case .medium: .yellow
        case .low: .blue
        case .info: .grey
        }
    }

    func paint(_ text: String, _ style: Style) -> String {
        colour ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
