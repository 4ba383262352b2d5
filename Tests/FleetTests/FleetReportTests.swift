import FleetStore
import Foundation
import GooseAuditCore
import GooseAuditReports
import GooseAuditTestSupport
import Testing

/// A fleet of 3 hosts × 5 runs over five days, read back by an auditor through the CLI.
@Suite(.enabled(if: Fleet.enabled, Fleet.skip))
struct FleetReportTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// host-0 adds an extension on the last day, host-1 switches GOOSE_MODE to auto, host-2 gains a secret.
    static func fleet() async throws -> String {
        let url = try await Fleet.migratedDatabase()
        let now = Date()
        try await Fleet.with(url) { connection in
            for n in 0..<3 {
                for day in 0..<5 {
                    let last = day == 4
                    var drift = [
                        "mode:goose:config/config.yaml": n == 1 && last ? "auto" : "approve",
                        "extension:goose:config/config.yaml:dev": "stdio|true|ab12|||",
                    ]
                    if n == 0 && last { drift["extension:goose:config/config.yaml:newext"] = "stdio|true|cd34|||" }
                    var run = Fleet.run(
                        Fleet.host(n), at: now.addingTimeInterval(Double(day - 4) * 86_400 - 60), index: 40 + 10 * n + 3 * day, count: 4,
                        secrets: 1, drift: drift)
                    if n == 2 && last {
                        run.findings.append(
                            FleetFinding(
                                fingerprint: "new-secret-fp", ruleID: "anthropic_api_key", category: "secrets", severity: .high, risk: 95,
                                root: "goose",
                                path: ".env", line: 2, evidence: "sk-ant-… (108 chars)", evidenceDigest: "0123456789ab"))
                    }
                    try await connection.send(run)
                }
            }
        }
        return try TestPostgres.auditor(url)
    }

    @Test("fleet report --format html: 3 hosts × 5 runs, self-contained, runs in headless chromium without errors")
    func html() async throws {
        let auditor = try await Self.fleet()
        let tree = try FixtureTree("fleet-report")
        let result = try Binary.run(
            ["fleet", "report", "--store", auditor, "--format", "html", "--output", tree.path("fleet.html"), "--since", "2d"],
            home: tree.root)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOfFile: tree.path("fleet.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "data-host=").count - 1 == 3)
        #expect(page.components(separatedBy: "hardening index over 5 runs").count - 1 == 3, "each host has a five-run trend")
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("src=\""), "nothing is loaded from anywhere")
        for expected in ["extension-added", "mode-changed", "new-secret", "anthropic_api_key"] {
            #expect(page.contains(expected), "\(expected)")
        }
        guard let chromium = Self.chromium else { return }
        let dom = try Shell.capture(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + tree.path("profile"),
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", "file://" + tree.path("fleet.html"),
            ])
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(dom.stdout.contains("data-ready=\"ok\""), "script did not finish: \(dom.stdout.prefix(300))")
        #expect(!dom.stdout.contains("data-error=\""))
        let console = dom.stderr.split(separator: "\n").filter {
            $0.contains("CONSOLE") || $0.contains("Refused to") || $0.contains("Uncaught")
        }
        #expect(console.isEmpty, "\(console)")
    }

    @Test("fleet report json and markdown, fleet hosts, findings and drift agree on the same fleet")
    func otherFormats() async throws {
        let auditor = try await Self.fleet()
        let json = try Binary.run(["fleet", "report", "--store", auditor, "--format", "json", "--since", "2d"], home: "/tmp")
        #expect(json.status == 0, "\(json.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let dashboard = try decoder.decode(FleetDashboard.self, from: Data(json.stdout.utf8))
        #expect(dashboard.hosts.count == 3)
        #expect(dashboard.hosts.map(\.hostName) == ["host-0", "host-1", "host-2"], "worst (lowest index) first")
        #expect(dashboard.trends.values.map(\.count) == [5, 5, 5])
        #expect(dashboard.trends[Fleet.host(0).hostID]?.map(\.hardeningIndex) == [40, 43, 46, 49, 52])
        let kinds = Set(dashboard.drift.map { "\($0.hostName):\($0.kind.rawValue):\($0.subject)" })
        #expect(kinds.contains("host-0:extension-added:goose:config/config.yaml:newext"), "\(kinds)")
        #expect(kinds.contains("host-1:mode-changed:goose:config/config.yaml"), "\(kinds)")
        #expect(kinds.contains("host-2:new-secret:anthropic_api_key"), "\(kinds)")
        #expect(dashboard.drift.count == 3, "nothing else changed: \(kinds)")
        let rule = try #require(dashboard.rules.first { $0.ruleID == "openai_api_key" })
        #expect(rule.hosts == 3 && rule.openHosts == 3)

        let markdown = try Binary.run(["fleet", "report", "--store", auditor, "--format", "markdown"], home: "/tmp")
        #expect(markdown.stdout.contains("| 1 | host-0") && markdown.stdout.contains("| 3 | host-2"), "\(markdown.stdout.prefix(600))")
        let hosts = try Binary.run(["fleet", "hosts", "--store", auditor], home: "/tmp")
        #expect(hosts.stdout.contains("3 hosts, 0 stale"), "\(hosts.stdout)")
        let drift = try Binary.run(["fleet", "drift", "--store", auditor, "--since", "2d"], home: "/tmp")
        #expect(
            drift.stdout.contains("extension-added") && drift.stdout.contains("new-secret") && drift.stdout.contains("mode-changed"),
            "\(drift.stdout)")
        let quiet = try Binary.run(["fleet", "drift", "--store", auditor, "--since", "20s"], home: "/tmp")
        #expect(quiet.stdout.contains("No changes"), "\(quiet.stdout)")
    }

    @Test("a host with no run for longer than --stale-after is stale; first and last seen are the runs' times")
    func staleAndSeen() async throws {
        let url = try await Fleet.migratedDatabase()
        let now = Date()
        let old = now.addingTimeInterval(-10 * 86_400), recent = now.addingTimeInterval(-120)
        try await Fleet.with(url) { connection in
            try await connection.send(Fleet.run(Fleet.host(7), at: old, count: 2, secrets: 1))
            try await connection.send(Fleet.run(Fleet.host(8), at: recent, count: 2, secrets: 1))
        }
        let auditor = try TestPostgres.auditor(url)
        let hosts = try Binary.run(["fleet", "hosts", "--store", auditor, "--stale-after", "7d"], home: "/tmp")
        #expect(hosts.status == 0, "\(hosts.stderr)")
        #expect(hosts.stdout.contains("2 hosts, 1 stale"), "\(hosts.stdout)")
        let staleLines = hosts.stdout.split(separator: "\n").filter { $0.contains("STALE") }
        #expect(staleLines.count == 1 && staleLines[0].contains("host-7"), "\(hosts.stdout)")
        let fresh = try Binary.run(["fleet", "hosts", "--store", auditor, "--stale-after", "30d"], home: "/tmp")
        #expect(fresh.stdout.contains("2 hosts, 0 stale"), "\(fresh.stdout)")

        let json = try Binary.run(["fleet", "report", "--store", auditor, "--format", "json", "--since", "30d"], home: "/tmp")
        #expect(json.status == 0, "\(json.stderr)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let dashboard = try decoder.decode(FleetDashboard.self, from: Data(json.stdout.utf8))
        #expect(dashboard.hosts.filter(\.stale).map(\.hostName) == ["host-7"])
        let seen = Dictionary(uniqueKeysWithValues: dashboard.hosts.map { ($0.hostName, $0.lastSeen) })
        #expect(
            abs((seen["host-7"] ?? now).timeIntervalSince(old)) < 2 && abs((seen["host-8"] ?? old).timeIntervalSince(recent)) < 2, "\(seen)"
        )
        let rule = try #require(dashboard.rules.first { $0.ruleID == "openai_api_key" })
        #expect(rule.hosts == 2)
        #expect(abs(rule.firstSeen.timeIntervalSince(old)) < 2 && abs(rule.lastSeen.timeIntervalSince(recent)) < 2, "\(rule)")
    }
}
