import FleetStore
import Foundation
import GooseAuditTestSupport
import Testing

@Suite(.enabled(if: Fleet.enabled, Fleet.skip))
struct MigrationTests {
    @Test("fleet migrate on an empty database applies every migration, then nothing")
    func fromEmpty() throws {
        let url = try TestPostgres.freshDatabase(try #require(TestPostgres.adminURL))
        let first = try Binary.run(["fleet", "migrate", "--store", url], home: "/tmp")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied migrations 1, 2"))
        #expect(!first.stdout.contains(try #require(URLComponents(string: url)?.password)))
        let second = try Binary.run(["fleet", "migrate", "--store", url], home: "/tmp")
        #expect(second.status == 0 && second.stdout.contains("nothing to apply"), "\(second.stdout)\(second.stderr)")
        #expect(try TestPostgres.psql(url, "SELECT string_agg(version::text, ',' ORDER BY version) FROM fleet.schema_migration") == "1,2")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM pg_views WHERE schemaname = 'fleet' AND viewname = 'host_latest'") == "1")
    }

    @Test("a store at the previous schema version (1) with runs in it upgrades to 2 and keeps them")
    func fromPrevious() async throws {
        let url = try TestPostgres.freshDatabase(try #require(TestPostgres.adminURL))
        try await Fleet.with(url) { connection in try await fromPrevious(url, connection) }
    }

    func fromPrevious(_ url: String, _ connection: FleetConnection) async throws {
        #expect(try await connection.migrate(to: 1) == [1])
        // A run as version 1 stored it: no goose_versions column yet.
        #expect(
            try TestPostgres.psql(
                url, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'fleet' AND column_name = 'goose_versions'")
                == "0")
        try TestPostgres.psql(
            url,
            """
            INSERT INTO fleet.run (run_id, host_id, host_name, os, user_name, started_at, tool_version, roots, hardening_index, max_risk, finding_count)
            VALUES ('00000000-0000-4000-8000-000000000001', 'h1', 'old-host', 'Linux', 'dev', now() - interval '3 days', '0.0.9', '{goose}', 55, 80, 1);
            INSERT INTO fleet.finding VALUES ('00000000-0000-4000-8000-000000000001', 'fp1', 'openai_api_key', 'secrets', 'high', 80, 'goose', 'config.yaml', 3, NULL, 'sk-… (40 chars)', 'abcdef012345', NULL);
            """)
        #expect(try await connection.appliedVersions() == [1])
        #expect(try await connection.migrate() == [2])
        #expect(try await connection.appliedVersions() == [1, 2])
        #expect(try TestPostgres.psql(url, "SELECT host_name || ':' || goose_versions::text FROM fleet.run") == "old-host:{}")
        // The new schema takes new runs and the fleet view sees old and new together.
        var run = Fleet.run(Fleet.host(1), at: Date())
        run.gooseVersions = ["1.9.3"]
        try await connection.send(run)
        let hosts = try await connection.hosts(staleAfterDays: 7)
        #expect(hosts.map(\.hostName).sorted() == ["host-1", "old-host"])
        #expect(try TestPostgres.psql(url, "SELECT goose_versions::text FROM fleet.host_latest WHERE host_name = 'host-1'") == "{1.9.3}")
    }

    @Test("a migration edited after it was applied is refused")
    func editedMigration() async throws {
        let url = try await Fleet.migratedDatabase()
        try TestPostgres.psql(url, "UPDATE fleet.schema_migration SET checksum = 'x' WHERE version = 1")
        _ = try await Fleet.with(url) { connection in
            await #expect(throws: StoreError.self) { try await connection.migrate() }
        }
    }

    @Test("migration text splits into statements at semicolons outside quotes, dollar quotes and comments")
    func statements() {
        let sql = "-- a comment; with 'quote\nCREATE TABLE t (a text DEFAULT ';');\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT 1"
        #expect(Migrations.statements(sql) == ["CREATE TABLE t (a text DEFAULT ';');", "DO $$ BEGIN PERFORM 1; END $$;", "SELECT 1"])
    }
}
