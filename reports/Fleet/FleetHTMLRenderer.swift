import Foundation
import GooseAuditCore

/// The fleet dashboard as one self-contained HTML page (no network; inline style and script allowed
/// only by hash in a strict Content-Security-Policy; every value escaped): summary cards, hosts ranked
/// worst first with a per-host trend chart (inline SVG), findings by rule, drift.
public struct FleetHTMLRenderer: Sendable {
    public init() {}

    public func render(_ dashboard: FleetDashboard) -> String {
        let csp =
            "default-src 'none'; style-src '\(HTMLRenderer.hash(HTMLTemplate.style))'; script-src '\(HTMLRenderer.hash(Self.script))'; "
            + "img-src 'none'; base-uri 'none'; form-action 'none'"
        let e = HTMLText.escape
        let stale = dashboard.hosts.filter(\.stale).count
        let indexes = dashboard.hosts.map(\.hardeningIndex).sorted()
        let median = indexes.isEmpty ? 0 : indexes[indexes.count / 2]
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(e(csp))">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>goose-audit fleet report</title>
            <style>\(HTMLTemplate.style)</style>
            </head>
            <body>
            <h1>goose-audit fleet report</h1>
            <p class="meta">generated \(e(FleetRender.time(dashboard.generatedAt))) · stale after \(dashboard.staleAfterDays) days · drift since \(e(FleetRender.time(dashboard.driftSince)))</p>
            <div class="cards">
            <div class="card"><b id="host-count">\(dashboard.hosts.count)</b>hosts</div>
            <div class="card"><b>\(stale)</b>stale</div>
            <div class="card"><b>\(median)</b>median index</div>
            <div class="card"><b>\(dashboard.hosts.map(\.maxRisk).max() ?? 0)</b>highest risk</div>
            <div class="card"><b>\(dashboard.rules.filter(\.stillOpen).count)</b>rules open</div>
            <div class="card"><b>\(dashboard.drift.count)</b>changes</div>
            </div>
            <h2>Hosts (worst first)</h2>
            <table class="sortable" id="hosts"><thead><tr><th>#</th><th>Host</th><th>Index</th><th>Trend</th><th>Top risk</th><th>Open</th><th>Top rule</th><th>Last seen</th><th>Runs</th></tr></thead><tbody>

            """
        for (rank, host) in dashboard.hosts.enumerated() {
            out += "<tr\(host.stale ? " class=\"suppressed\"" : "") data-host=\"\(e(host.hostID))\"><td class=\"num\">\(rank + 1)</td>"
            out +=
                "<td>\(e(host.hostName)) <code>\(e(String(host.hostID.prefix(12))))</code>\(host.stale ? " <span class=\"sev sev-high\">stale</span>" : "")<br><span class=\"muted\">\(e(host.user)) · \(e(host.operatingSystem))</span></td>"
            out += "<td class=\"num\">\(host.hardeningIndex)</td><td>\(Self.trend(dashboard.trends[host.hostID] ?? []))</td>"
            out +=
                "<td class=\"num\">\(host.maxRisk)</td><td class=\"num\">\(host.openFindings)</td><td><code>\(e(host.topRule ?? ""))</code></td>"
            out +=
                "<td data-value=\"\(Int(host.lastSeen.timeIntervalSince1970))\">\(e(FleetRender.time(host.lastSeen)))</td><td class=\"num\">\(host.runs)</td></tr>\n"
        }
        out += "</tbody></table>\n<h2>Findings by rule</h2>\n"
        out +=
            "<table class=\"sortable\" id=\"rules\"><thead><tr><th>Rule</th><th>Severity</th><th>Hosts</th><th>Still open on</th><th>First seen</th><th>Last seen</th></tr></thead><tbody>\n"
        for rule in dashboard.rules {
            out +=
                "<tr><td><code>\(e(rule.ruleID))</code></td><td class=\"sev sev-\(e(rule.severity))\">\(e(rule.severity))</td><td class=\"num\">\(rule.hosts)</td>"
            out +=
                "<td class=\"num\">\(rule.openHosts)</td><td>\(e(FleetRender.time(rule.firstSeen)))</td><td>\(e(FleetRender.time(rule.lastSeen)))</td></tr>\n"
        }
        out += "</tbody></table>\n<h2>Drift</h2>\n"
        if dashboard.drift.isEmpty {
            out += "<p class=\"muted\">No changes across the fleet in the window.</p>\n"
        } else {
            out +=
                "<table class=\"sortable\" id=\"drift\"><thead><tr><th>Host</th><th>Change</th><th>Subject</th><th>Detail</th><th>Seen</th></tr></thead><tbody>\n"
            for event in dashboard.drift {
                out += "<tr><td>\(e(event.hostName))</td><td>\(e(event.kind.rawValue))</td><td><code>\(e(event.subject))</code></td>"
                out += "<td>\(e(event.detail))</td><td>\(e(FleetRender.time(event.seenAt)))</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        out += "<script>\(Self.script)</script>\n</body>\n</html>\n"
        return out
    }

    /// A host's hardening index over its runs as a small inline SVG polyline (0 bottom, 100 top).
    static func trend(_ points: [FleetTrendPoint]) -> String {
        let width = 120.0, height = 28.0
        guard !points.isEmpty else { return "" }
        let step = points.count > 1 ? width / Double(points.count - 1) : 0
        let coordinates = points.enumerated().map { index, point in
            String(format: "%.1f,%.1f", Double(index) * step, height - Double(point.hardeningIndex) / 100 * height)
        }
        let label = "hardening index over \(points.count) runs: " + points.map { String($0.hardeningIndex) }.joined(separator: ", ")
        return
            "<svg class=\"trend\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">"
            + "<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"\(coordinates.joined(separator: " "))\"/></svg>"
    }

    static let script = """
        (function () {
          "use strict";
          var root = document.documentElement;
          try {
            Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
              var body = table.tBodies[0];
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
                header.addEventListener("click", function () {
                  var direction = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
                  var rows = Array.prototype.slice.call(body.rows);
                  rows.sort(function (a, b) {
                    var x = a.cells[index].getAttribute("data-value") || a.cells[index].textContent;
                    var y = b.cells[index].getAttribute("data-value") || b.cells[index].textContent;
                    var order = (isNaN(Number(x)) || isNaN(Number(y))) ? x.localeCompare(y) : Number(x) - Number(y);
                    return direction === "ascending" ? order : -order;
                  });
                  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
                  header.setAttribute("aria-sort", direction);
                  rows.forEach(function (row) { body.appendChild(row); });
                });
              });
            });
            var hosts = document.getElementById("hosts").tBodies[0].rows.length;
            if (String(hosts) !== document.getElementById("host-count").textContent) { throw new Error("host count mismatch"); }
            root.setAttribute("data-ready", "ok");
          } catch (error) {
            root.setAttribute("data-error", String(error));
          }
        })();
        """
}
