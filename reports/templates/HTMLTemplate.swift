/// The fixed parts of the HTML report: style and script, inlined into every page and allowed by
/// their SHA-256 in the page's Content-Security-Policy (nothing else may load or run).
enum HTMLTemplate {
    static let style = """
        :root { --bg: #fff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --critical: #8b0000; --high: #cf222e;
          --medium: #bf8700; --low: #0969da; --info: #6e7781; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1200px; padding: 24px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
        .meta, .muted { color: var(--muted); }
        .cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
        .card b { display: block; font-size: 22px; }
        .charts { display: flex; gap: 32px; flex-wrap: wrap; }
        .charts svg text { font-size: 12px; fill: var(--fg); }
        .controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
        input[type=search] { padding: 4px 8px; min-width: 260px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
        th { cursor: pointer; user-select: none; background: #f6f8fa; position: sticky; top: 0; }
        th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
        .sev { font-weight: 600; } .sev-critical { color: var(--critical); } .sev-high { color: var(--high); }
        .sev-medium { color: var(--medium); } .sev-low { color: var(--low); } .sev-info { color: var(--info); }
        tr.suppressed { opacity: .6; } tr[hidden] { display: none; }
        details summary { cursor: pointer; color: var(--muted); }
        """

    static let script = """
        (function () {
          "use strict";
          var root = document.documentElement;
          try {
            var table = document.getElementById("findings");
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var search = document.getElementById("filter-text");
            var severity = document.getElementById("filter-severity");
            var suppressed = document.getElementById("filter-suppressed");
            var count = document.getElementById("shown-count");
            function filter() {
              var text = search.value.toLowerCase();
              var level = Number(severity.value);
              var shown = 0;
              rows.forEach(function (row) {
                var visible = row.textContent.toLowerCase().indexOf(text) !== -1
                  && Number(row.getAttribute("data-severity")) >= level
                  && (suppressed.checked || row.getAttribute("data-suppressed") !== "true");
                row.hidden = !visible;
                if (visible) { shown += 1; }
              });
              count.textContent = String(shown);
            }
            function sortBy(header, direction) {
              var index = header.cellIndex;
              var numeric = header.getAttribute("data-type") === "number";
              rows.sort(function (a, b) {
                var x = a.cells[index].getAttribute("data-value") || a.cells[index].textContent;
                var y = b.cells[index].getAttribute("data-value") || b.cells[index].textContent;
                var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
                return direction === "ascending" ? order : -order;
              });
              Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
              header.setAttribute("aria-sort", direction);
              rows.forEach(function (row) { body.appendChild(row); });
            }
            Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
              header.addEventListener("click", function () {
                sortBy(header, header.getAttribute("aria-sort") === "descending" ? "ascending" : "descending");
              });
            });
            [search, severity, suppressed].forEach(function (control) {
              control.addEventListener("input", filter);
              control.addEventListener("change", filter);
            });
            sortBy(table.tHead.rows[0].cells[0], "descending");
            filter();
            root.setAttribute("data-ready", "ok");
          } catch (error) {
            root.setAttribute("data-error", String(error));
          }
        })();
        """
}
