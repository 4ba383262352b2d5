import Foundation
import GooseAuditCore

/// Renders a fleet dashboard: `json` (a stable document), `markdown` (tables for a wiki or an issue),
/// `text` (the terminal tables of `fleet hosts|findings|drift`); HTML is `FleetHTMLRenderer`.
public enum FleetRender {
    static let day: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm'Z'"
        return f
    }()

    static func time(_ date: Date) -> String { day.string(from: date) }

    /// The dashboard as JSON (ISO 8601 times, sorted keys).
    public static func json(_ dashboard: FleetDashboard) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(dashboard), as: UTF8.self) + "\n"
    }

    /// The dashboard as Markdown: hosts, rules, drift, each a table (cells escaped).
    public static func markdown(_ dashboard: FleetDashboard) -> String {
        let c = MarkdownText.cell
        var out = "# goose-audit fleet report\n\n"
        let stale = dashboard.hosts.filter(\.stale).count
        out +=
            "Generated \(time(dashboard.generatedAt)) · \(dashboard.hosts.count) hosts · \(stale) stale (no run for \(dashboard.staleAfterDays) days) · "
        out += "\(dashboard.rules.filter(\.stillOpen).count) rules open\n\n## Hosts (worst first)\n\n"
        out +=
            "| # | Host | Index | Trend | Top risk | Open findings | Top rule | Last seen | Stale |\n|---|---|---|---|---|---|---|---|---|\n"
        for (rank, host) in dashboard.hosts.enumerated() {
            let trend = (dashboard.trends[host.hostID] ?? []).suffix(10).map { String(sparkChar($0.hardeningIndex)) }.joined()
            out +=
                "| \(rank + 1) | \(c(host.hostName)) `\(c(String(host.hostID.prefix(12))))` | \(host.hardeningIndex) | \(trend) | \(host.maxRisk) | "
            out += "\(host.openFindings) | \(c(host.topRule ?? "")) | \(time(host.lastSeen)) | \(host.stale ? "stale" : "") |\n"
        }
        out += "\n## Findings by rule\n\n| Rule | Severity | Hosts | Still open on | First seen | Last seen |\n|---|---|---|---|---|---|\n"
        for rule in dashboard.rules {
            out +=
                "| \(c(rule.ruleID)) | \(c(rule.severity)) | \(rule.hosts) | \(rule.openHosts) | \(time(rule.firstSeen)) | \(time(rule.lastSeen)) |\n"
        }
        out += "\n## Drift since \(time(dashboard.driftSince))\n\n"
        if dashboard.drift.isEmpty { return out + "No changes.\n" }
        out += "| Host | Change | Subject | Detail |\n|---|---|---|---|\n"
        for event in dashboard.drift {
            out += "| \(c(event.hostName)) | \(event.kind.rawValue) | \(c(event.subject)) | \(c(event.detail)) |\n"
        }
        return out
    }

    /// `▁▂▃▄▅▆▇█` for a 0–100 index.
    static func sparkChar(_ index: Int) -> Character {
        let bars = Array("▁▂▃▄▅▆▇█")
        return bars[min(bars.count - 1, max(0, index * bars.count / 101))]
    }

    /// Text safe for a terminal: the one escaping every human-readable output uses (`TerminalText`).
    public static func plain(_ text: String) -> String { TerminalText.escape(text) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count + 1)
    }

    /// `fleet hosts` as a terminal table.
    public static func hostsText(_ hosts: [FleetHostSummary], staleAfterDays: Int) -> String {
        guard !hosts.isEmpty else { return "No runs in the fleet store yet. Send one with `goose-audit scan --store …`.\n" }
        var out =
            pad("#", 4) + pad("host", 24) + pad("host id", 13) + pad("index", 6) + pad("risk", 5) + pad("open", 5) + pad("last seen", 18)
            + "top rule\n"
        for (rank, host) in hosts.enumerated() {
            out += pad(String(rank + 1), 4) + pad(plain(host.hostName), 24) + pad(String(host.hostID.prefix(12)), 13)
            out += pad(String(host.hardeningIndex), 6) + pad(String(host.maxRisk), 5) + pad(String(host.openFindings), 5)
            out += pad(time(host.lastSeen), 18) + plain(host.topRule ?? "-") + (host.stale ? "  STALE" : "") + "\n"
        }
        let stale = hosts.filter(\.stale).count
        out += "\(hosts.count) hosts, \(stale) stale (no run for \(staleAfterDays) days)\n"
        return out
    }

    /// `fleet findings` as a terminal table.
    public static func rulesText(_ rules: [FleetRuleSummary]) -> String {
        guard !rules.isEmpty else { return "No findings in the fleet store.\n" }
        var out =
            pad("rule", 40) + pad("severity", 9) + pad("hosts", 6) + pad("open", 5) + pad("first seen", 18) + pad("last seen", 18) + "\n"
        for rule in rules {
            out += pad(plain(rule.ruleID), 40) + pad(rule.severity, 9) + pad(String(rule.hosts), 6) + pad(String(rule.openHosts), 5)
            out += pad(time(rule.firstSeen), 18) + pad(time(rule.lastSeen), 18) + (rule.stillOpen ? "" : "resolved") + "\n"
        }
        return out
    }

    /// `fleet drift` as a terminal list.
    public static func driftText(_ events: [FleetDriftEvent], since: Date) -> String {
        guard !events.isEmpty else { return "No changes across the fleet since \(time(since)).\n" }
        var out = "Changes across the fleet since \(time(since)):\n"
        for event in events {
            out +=
                "  " + pad(plain(event.hostName), 24) + pad(event.kind.rawValue, 18) + plain(event.subject) + "  " + plain(event.detail)
                + "\n"
        }
        return out
    }
}
