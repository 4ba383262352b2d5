import Foundation
import GooseAuditReports
import GooseAuditTestSupport
import Testing

struct HTMLBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(
        "the HTML report runs in headless chromium without console errors or CSP violations",
        .enabled(if: chromium != nil, "skipped: needs Debian's chromium (apt-get install chromium)"),
        arguments: ["rich", "empty"])
    func loadsCleanly(_ which: String) throws {
        let tree = try FixtureTree("html")
        let empty = Report(
            tool: ToolInfo(version: "0.1.0"), roots: RichReport.roots, findings: [], notices: [], outcomes: [], descriptors: [],
            filesExamined: 0, duration: 0)
        let page = try tree.file("report.html", try HTMLRenderer().render(which == "rich" ? RichReport.report : empty), mode: 0o644)
        let result = try Shell.capture(
            try #require(Self.chromium),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + tree.path("profile"),
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", "file://" + page,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        // The page's script marks the document when it ran to the end, or records the error it met.
        #expect(result.stdout.contains("data-ready=\"ok\""), "script did not finish: \(result.stdout.prefix(300))")
        #expect(!result.stdout.contains("data-error=\""))
        let console = result.stderr.split(separator: "\n").filter {
            $0.contains("CONSOLE") || $0.contains("Refused to") || $0.contains("Uncaught")
        }
        #expect(console.isEmpty, "\(console)")
    }
}
