import FleetStore
import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

@Suite(.enabled(if: Fleet.enabled, Fleet.skip))
struct RoleTests {
    @Test("a reporter inserts its own host's runs, reads nothing, and cannot insert for another host")
    func reporterBoundToItsHost() async throws {
        let url = try await Fleet.migratedDatabase()
        let mine = Fleet.host(1), other = Fleet.host(2)
        let reporter = try TestPostgres.reporter(url, hostID: mine.hostID)
        let otherReporter = try TestPostgres.reporter(url, hostID: other.hostID)

        let refusal: String? = try await Fleet.with(reporter) { connection in
            try await connection.send(Fleet.run(mine, at: Date()))
            // Another host's run: row-level security refuses it.
            do {
                try await connection.send(Fleet.run(other, at: Date()))
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal?.contains("row-level security") == true, "\(refusal ?? "a reporter stored a run for another host")")

        // Findings slipped into another host's run are refused too.
        let otherRun = Fleet.run(other, at: Date())
        try await Fleet.with(otherReporter) { try await $0.send(otherRun) }
        let sneak = try TestPostgres.capturePSQL(
            reporter,
            """
            INSERT INTO fleet.finding VALUES ('\(otherRun.runID.uuidString.lowercased())', 'fake', 'r', 'secrets', 'low', 1, 'g', 'p', NULL, NULL, 'e', 'd', NULL)
            """)
        #expect(sneak.status != 0 && sneak.stderr.contains("row-level security"), "\(sneak.stderr)")

        // Reading anything is denied.
        for table in ["run", "finding", "notice", "drift", "reporter", "host_latest", "schema_migration"] {
            let read = try TestPostgres.capturePSQL(reporter, "SELECT count(*) FROM fleet.\(table)")
            #expect(read.status != 0 && read.stderr.contains("permission denied"), "\(table): \(read.stdout) \(read.stderr)")
        }
        // So are updates and deletes (a reporter cannot rewrite or erase history).
        for statement in ["UPDATE fleet.run SET hardening_index = 100", "DELETE FROM fleet.run"] {
            let write = try TestPostgres.capturePSQL(reporter, statement)
            #expect(write.status != 0 && write.stderr.contains("permission denied"), "\(statement): \(write.stderr)")
        }
        #expect(try TestPostgres.psql(url, "SELECT string_agg(host_name, ',' ORDER BY host_name) FROM fleet.run") == "host-1,host-2")
    }

    @Test("the reporter role alone (no host binding) stores nothing")
    func unboundReporter() throws {
        let url = try TestPostgres.freshDatabase(try #require(TestPostgres.adminURL))
        _ = try Binary.run(["fleet", "migrate", "--store", url], home: "/tmp")
        let login = "rep_unbound_" + UUID().uuidString.prefix(8).lowercased()
        try TestPostgres.psql(url, "CREATE ROLE \(login) LOGIN PASSWORD 'pw' IN ROLE goose_audit_reporter")
        let insert = try TestPostgres.capturePSQL(
            TestPostgres.with(url, user: login, password: "pw"),
            """
            INSERT INTO fleet.run (run_id, host_id, host_name, os, user_name, started_at, tool_version, roots, hardening_index, max_risk, finding_count)
            VALUES (gen_random_uuid(), 'h', 'n', 'o', 'u', now(), 'v', '{}', 1, 1, 0)
            """)
        #expect(insert.status != 0 && insert.stderr.contains("row-level security"), "\(insert.stderr)")
    }

    @Test("an auditor reads every host's runs and the fleet commands, and cannot write")
    func auditorReadsEverything() async throws {
        let url = try await Fleet.migratedDatabase()
        try await Fleet.with(url) { admin in
            for n in 0..<3 { try await admin.send(Fleet.run(Fleet.host(n), at: Date())) }
        }
        let auditor = try TestPostgres.auditor(url)
        #expect(try TestPostgres.psql(auditor, "SELECT count(*) FROM fleet.run") == "3")
        #expect(try TestPostgres.psql(auditor, "SELECT count(*) FROM fleet.host_latest") == "3")
        let write = try TestPostgres.capturePSQL(auditor, "DELETE FROM fleet.run")
        #expect(write.status != 0 && write.stderr.contains("permission denied"), "\(write.stderr)")
        let hosts = try Binary.run(["fleet", "hosts", "--store", auditor], home: "/tmp")
        #expect(hosts.status == 0 && hosts.stdout.contains("3 hosts"), "\(hosts.stdout)\(hosts.stderr)")
        let findings = try Binary.run(["fleet", "findings", "--store", auditor], home: "/tmp")
        #expect(findings.status == 0 && findings.stdout.contains("openai_api_key"), "\(findings.stderr)")
    }
}
