import Foundation
import GooseAuditCore

/// One self-contained HTML page: no network, no external assets, inline style and script allowed
/// only by hash in a strict Content-Security-Policy; every value escaped. Summary charts (inline
/// SVG) by severity and by category, a sortable and filterable findings table with remediation.
public struct HTMLRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: Report) throws -> String {
        let csp =
            "default-src 'none'; style-src '\(Self.hash(HTMLTemplate.style))'; script-src '\(Self.hash(HTMLTemplate.script))'; "
            + "img-src 'none'; base-uri 'none'; form-action 'none'"
        let e = HTMLText.escape
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(e(csp))">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(report.tool.name)) report</title>
            <style>\(HTMLTemplate.style)</style>
            </head>
            <body>
            <h1>\(e(report.tool.name)) report</h1>
            <p class="meta">\(report.header.map { "\(e($0.name)): \(e($0.value))" }.joined(separator: " · "))</p>
            <p class="meta">\(e(report.tool.name)) \(e(report.tool.version)) · \
            \(report.filesExamined) files examined · \(report.suppressed.count) suppressed · \(report.notices.count) notices</p>

            """
        out += summary(report)
        out += trend(report)
        out += findingsTable(report)
        out += notices(report)
        out += "<script>\(HTMLTemplate.script)</script>\n</body>\n</html>\n"
        return out
    }

    func summary(_ report: Report) -> String {
        let counts = report.countsBySeverity
        var out = "<h2>Summary</h2>\n<div class=\"cards\">\n"
        out +=
            "<div class=\"card\"><b>\(report.active.count)</b>findings</div>\n<div class=\"card\"><b>\(report.maxRisk)</b>highest risk</div>\n"
        for severity in Severity.allCases.reversed() {
            out += "<div class=\"card sev-\(severity.name)\"><b>\(counts[severity] ?? 0)</b>\(severity.name)</div>\n"
        }
        out += "</div>\n<div class=\"charts\">\n"
        out += Self.barChart(
            title: "Findings by severity",
            bars: Severity.allCases.reversed().map { ($0.name, counts[$0] ?? 0, Self.colour($0)) })
        let categories = report.countsByCategory
        out += Self.barChart(
            title: "Findings by category",
            bars: Category.allCases.map { ($0.rawValue, categories[$0] ?? 0, "#57606a") })
        return out + "</div>\n"
    }

    func findingsTable(_ report: Report) -> String {
        let e = HTMLText.escape
        var out = """
            <h2>Findings</h2>
            <div class="controls">
            <input type="search" id="filter-text" placeholder="Filter by text" aria-label="Filter findings by text">
            <label>Minimum severity <select id="filter-severity">
            """
        for severity in Severity.allCases { out += "<option value=\"\(severity.rawValue)\">\(severity.name)</option>" }
        out += """
            </select></label>
            <label><input type="checkbox" id="filter-suppressed"> show suppressed</label>
            <span class="muted"><span id="shown-count">\(report.active.count)</span> shown</span>
            </div>
            <table id="findings">
            <thead><tr><th data-type="number">Risk</th><th data-type="number">Severity</th><th>Rule</th><th>Location</th><th>Finding</th><th>Status</th></tr></thead>
            <tbody>

            """
        for f in report.findings {
            let status = f.suppression.map { "suppressed (\($0.source.rawValue)): \($0.reason)" } ?? "open"
            out +=
                "<tr data-severity=\"\(f.severity.rawValue)\" data-suppressed=\"\(f.suppression != nil)\"\(f.suppression != nil ? " class=\"suppressed\" hidden" : "")>"
            out += "<td class=\"num\" data-value=\"\(f.riskScore)\">\(f.riskScore)</td>"
            out += "<td class=\"sev sev-\(f.severity.name)\" data-value=\"\(f.severity.rawValue)\">\(f.severity.name)</td>"
            out += "<td><code>\(e(f.ruleID))</code></td><td><code>\(e(f.place))</code></td>"
            out += "<td>\(e(f.message))<br><span class=\"muted\">evidence: <code>\(e(f.evidence.text))</code></span>"
            out += "<details><summary>remediation</summary>\(e(f.remediation))</details></td>"
            out += "<td>\(e(status))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    func notices(_ report: Report) -> String {
        guard !report.notices.isEmpty else { return "" }
        var out = "<h2>Notices</h2>\n<p class=\"muted\">Parts of the tree that could not be fully audited.</p>\n<ul>\n"
        for notice in report.notices {
            out +=
                "<li><code>\(HTMLText.escape(notice.kind.rawValue))</code> \(HTMLText.escape(notice.path.isEmpty ? "-" : notice.path)): \(HTMLText.escape(notice.message))</li>\n"
        }
        return out + "</ul>\n"
    }

    /// The hardening index and the finding count of every recorded run, as an inline SVG line chart.
    func trend(_ report: Report) -> String {
        guard report.history.count >= 2 else { return "" }
        let points = report.history.suffix(50)
        let width = 480, height = 160, left = 36, top = 24, plotHeight = 110
        let step = Double(width - left - 10) / Double(max(1, points.count - 1))
        let most = max(1, points.map(\.findings).max() ?? 1)
        func x(_ i: Int) -> Int { left + Int((Double(i) * step).rounded()) }
        func y(_ value: Int, of top: Int) -> Int { 24 + plotHeight - value * plotHeight / max(1, top) }
        let index = points.enumerated().map { "\(x($0.offset)),\(y($0.element.hardeningIndex, of: 100))" }.joined(separator: " ")
        let findings = points.enumerated().map { "\(x($0.offset)),\(y($0.element.findings, of: most))" }.joined(separator: " ")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let e = HTMLText.escape
        var out = "<h2>Trend</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\" "
        out +=
            "aria-label=\"Hardening index and findings over recorded runs\">\n<title>Hardening index and findings over recorded runs</title>\n"
        out += "<text x=\"0\" y=\"14\" font-weight=\"600\">Hardening index (blue, 0–100) and findings (grey, 0–\(most))</text>\n"
        out += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - 10)\" y2=\"\(top + plotHeight)\" stroke=\"#d0d7de\"/>\n"
        out += "<polyline fill=\"none\" stroke=\"#8c959f\" stroke-width=\"2\" points=\"\(findings)\"/>\n"
        out += "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"\(index)\"/>\n"
        for (i, point) in points.enumerated() {
            out += "<circle cx=\"\(x(i))\" cy=\"\(y(point.hardeningIndex, of: 100))\" r=\"3\" fill=\"#0969da\">"
            out +=
                "<title>run \(point.run), \(e(formatter.string(from: point.time))): index \(point.hardeningIndex), \(point.findings) findings</title></circle>\n"
        }
        out += "<text x=\"\(left)\" y=\"\(height - 4)\">run \(points.first!.run)</text>"
        out += "<text x=\"\(width - 10)\" y=\"\(height - 4)\" text-anchor=\"end\">run \(points.last!.run)</text>\n"
        return out + "</svg>\n"
    }

    /// A horizontal bar chart as inline SVG.
    static func barChart(title: String, bars: [(label: String, value: Int, colour: String)]) -> String {
        let rowHeight = 22
        let labelWidth = 110
        let barWidth = 220
        let height = bars.count * rowHeight + 28
        let largest = max(1, bars.map(\.value).max() ?? 1)
        let e = HTMLText.escape
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 50)\" height=\"\(height)\" role=\"img\" aria-label=\"\(e(title))\">\n"
        out += "<title>\(e(title))</title><text x=\"0\" y=\"14\" font-weight=\"600\">\(e(title))</text>\n"
        for (index, bar) in bars.enumerated() {
            let y = 24 + index * rowHeight
            let width = bar.value == 0 ? 0 : max(2, bar.value * barWidth / largest)
            out += "<text x=\"0\" y=\"\(y + 14)\">\(e(bar.label))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"14\" fill=\"\(bar.colour)\"/>"
            out += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 14)\">\(bar.value)</text>\n"
        }
        return out + "</svg>\n"
    }

    static func colour(_ severity: Severity) -> String {
        switch severity {
        case .critical: "#8b0000"
        case .high: "#cf222e"
        case .medium: "#bf8700"
        case .low: "#0969da"
        case .info: "#6e7781"
        }
    }

    /// A CSP source for inline content: `sha256-<base64 digest>`.
    static func hash(_ content: String) -> String {
        let hex = Array(Digest.sha256Hex(content).utf8)
        var bytes = Data()
        for index in stride(from: 0, to: hex.count, by: 2) {
            bytes.append(UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16) ?? 0)
        }
        return "sha256-" + bytes.base64EncodedString()
    }
}
