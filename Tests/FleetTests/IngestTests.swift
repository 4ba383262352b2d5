import FleetStore
import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

@Suite(.enabled(if: Fleet.enabled, Fleet.skip))
struct IngestTests {
    @Test("twenty hosts send at once, each through its own reporter login: no run lost, none duplicated")
    func twentyHostsAtOnce() async throws {
        let url = try await Fleet.migratedDatabase()
        let logins = try (0..<20).map { try TestPostgres.reporter(url, hostID: Fleet.host($0).hostID) }
        let now = Date()
        let runs = (0..<20).map { n in
            (0..<3).map { k in Fleet.run(Fleet.host(n), at: now.addingTimeInterval(Double(k - 3) * 3600), count: 10 + n, salt: "\(k)") }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<20 {
                group.addTask {
                    try await Fleet.with(logins[n]) { connection in
                        for run in runs[n] { try await connection.send(run) }
                        try await connection.send(runs[n][1])  // a retry of a run already stored
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM fleet.run") == "60")
        #expect(try TestPostgres.psql(url, "SELECT count(DISTINCT host_id) FROM fleet.run") == "20")
        #expect(
            try TestPostgres.psql(url, "SELECT count(*) FROM (SELECT host_id FROM fleet.run GROUP BY host_id HAVING count(*) <> 3) x")
                == "0")
        let expectedFindings = (0..<20).map { 3 * (10 + $0) }.reduce(0, +)
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM fleet.finding") == String(expectedFindings))
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM fleet.notice") == "60")
        let stored = Set(try TestPostgres.psql(url, "SELECT run_id FROM fleet.run").split(separator: "\n").map(String.init))
        #expect(stored == Set(runs.joined().map { $0.runID.uuidString.lowercased() }))
    }

    @Test("a run keeps its host identity, findings with fingerprint, severity, risk, place, redacted evidence and suppression")
    func fieldsStored() async throws {
        let url = try await Fleet.migratedDatabase()
        let run = Fleet.run(
            Fleet.host(7), at: Date(timeIntervalSince1970: 1_790_000_000), index: 42, count: 4,
            drift: ["mode:goose:config/config.yaml": "auto"])
        try await Fleet.with(url) { connection in
            try await connection.send(run)
            try await connection.send(run)
        }
        #expect(
            try TestPostgres.psql(
                url,
                "SELECT host_name || '|' || os || '|' || user_name || '|' || hardening_index || '|' || max_risk || '|' || finding_count FROM fleet.run"
            )
                == "host-7|Linux 6.1.0 x86_64|dev7|42|90|3")
        let first = try #require(run.findings.first)
        #expect(
            try TestPostgres.psql(
                url,
                "SELECT rule_id || '|' || severity || '|' || risk || '|' || root || '/' || path || ':' || line || '|' || key_path || '|' || evidence FROM fleet.finding WHERE fingerprint = '\(first.fingerprint)'"
            )
                == "openai_api_key|high|90|goose/config/file0.yaml:1|extensions.x.envs.K|sk-proj-… (48 chars)")
        #expect(
            try TestPostgres.psql(url, "SELECT suppression FROM fleet.finding WHERE suppression IS NOT NULL") == "configuration: accepted")
        #expect(try TestPostgres.psql(url, "SELECT key || '=' || value FROM fleet.drift") == "mode:goose:config/config.yaml=auto")
    }
}
