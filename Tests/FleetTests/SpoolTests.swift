import FleetStore
import Foundation
import GooseAuditTestSupport
import Testing

/// Nothing lost: runs the server cannot take go to a 0600 spool and are sent on the next run; the
/// scan's exit code never depends on the store.
@Suite(.enabled(if: Fleet.enabled, Fleet.skip))
struct SpoolTests {
    /// A goose installation with findings, and a state directory.
    static func installation() throws -> FixtureTree {
        let tree = try FixtureTree("fleet-home")
        try tree.file(
            ".config/goose/config.yaml", "GOOSE_MODE: auto\nextensions:\n  dev:\n    type: stdio\n    cmd: /opt/dev\n", mode: 0o644)
        try tree.directory("state")
        return tree
    }

    static func scan(_ tree: FixtureTree, store: String?) throws -> Shell.Output {
        var arguments = ["scan", "--state-dir", tree.path("state"), "--record", "--format", "json", "--output", tree.path("out.json")]
        if let store { arguments += ["--store", store] }
        return try Binary.run(arguments, home: tree.root, directory: tree.root)
    }

    static func spooled(_ tree: FixtureTree) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: tree.path("state/fleet-spool"))) ?? []).filter { $0.hasSuffix(".json") }
            .sorted()
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
    }

    @Test("an unreachable server: the run is spooled 0600 with a notice, the exit code is unchanged, the next run sends both")
    func unreachableThenFlushed() throws {
        let url = try TestPostgres.freshDatabase(try #require(TestPostgres.adminURL))
        _ = try Binary.run(["fleet", "migrate", "--store", url], home: "/tmp")
        let tree = try Self.installation()
        let baseline = try Self.scan(tree, store: nil).status
        // A loopback port nobody listens on.
        let closed = TestPostgres.with(url, user: "nobody_here").replacingOccurrences(
            of: ":\(URLComponents(string: url)!.port!)/", with: ":1/")
        let down = try Self.scan(tree, store: closed)
        #expect(down.status == baseline, "exit code depends on the store: \(down.status) vs \(baseline)")
        #expect(down.stderr.contains("notice: fleet-store: spooled run"), "\(down.stderr)")
        let files = Self.spooled(tree)
        #expect(files.count == 1)
        #expect(Self.mode(tree.path("state/fleet-spool/" + (files.first ?? ""))) == 0o600)
        #expect(Self.mode(tree.path("state/fleet-spool")) == 0o700)

        let up = try Self.scan(tree, store: url)
        #expect(up.status == baseline)
        #expect(up.stderr.contains("2 runs stored"), "\(up.stderr)")
        #expect(Self.spooled(tree).isEmpty)
        let spooledID = String(try #require(files.first).dropLast(5))
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM fleet.run") == "2")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM fleet.run WHERE run_id = '\(spooledID)'") == "1")
    }

    @Test("the server stopped in the middle of a send: the run is spooled, then flushed after a restart with nothing lost")
    func serverStoppedMidSend() throws {
        let tree = try Self.installation()
        let directory = tree.path("pg")
        let script = Binary.packageRoot + "/scripts/pg-cluster.sh"
        // The server outlives the script: keep it off the script's pipes (files instead).
        func cluster(_ verb: String) throws -> String {
            let result = try Shell.capture("/bin/sh", ["-c", "\"$0\" \"$1\" \"$2\" >\"$2.out\" 2>&1 </dev/null", script, verb, directory])
            let output = (try? String(contentsOfFile: directory + ".out", encoding: .utf8)) ?? ""
            guard result.status == 0 else { throw ClusterError(message: "pg-cluster.sh \(verb): \(output)") }
            return output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let url = try cluster("start")
        defer { _ = try? cluster("stop") }
        _ = try Binary.run(["fleet", "migrate", "--store", url], home: "/tmp")
        let baseline = try Self.scan(tree, store: nil).status

        // An administrator holds the run table, so the scan's insert waits inside its transaction.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        holder.arguments = ["-X", "-q", "-d", url, "-c", "BEGIN; LOCK TABLE fleet.run IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);"]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        var locked = false
        for _ in 0..<100 where !locked {
            locked =
                (try? TestPostgres.psql(
                    url, "SELECT count(*) FROM pg_locks WHERE relation = 'fleet.run'::regclass AND mode = 'AccessExclusiveLock' AND granted"
                )) == "1"
            if !locked { usleep(100_000) }
        }
        #expect(locked, "the lock holder did not start")

        let scanner = Process()
        scanner.executableURL = URL(fileURLWithPath: Binary.path)
        scanner.arguments = [
            "scan", "--state-dir", tree.path("state"), "--record", "--format", "json", "--output", tree.path("out.json"), "--store", url,
        ]
        scanner.environment = ["HOME": tree.root, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "GOOSE_AUDIT_STORE_TIMEOUT": "30"]
        scanner.currentDirectoryURL = URL(fileURLWithPath: tree.root)
        let errors = Pipe()
        scanner.standardError = errors
        scanner.standardOutput = FileHandle.nullDevice
        try scanner.run()
        var waiting = false
        for _ in 0..<300 where !waiting {
            waiting =
                (try? TestPostgres.psql(
                    url, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO fleet.run%'"))
                == "1"
            if !waiting { usleep(100_000) }
        }
        #expect(waiting, "the scan's send never reached the server")
        _ = try cluster("stop")  // mid-send
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        scanner.waitUntilExit()
        holder.waitUntilExit()
        #expect(Int32(scanner.terminationStatus) == baseline, "exit code depends on the store: \(stderr)")
        #expect(stderr.contains("notice: fleet-store: spooled run"), "\(stderr)")
        let files = Self.spooled(tree)
        #expect(files.count == 1)

        _ = try cluster("start")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM fleet.run") == "0", "the interrupted transaction stored nothing")
        let next = try Self.scan(tree, store: url)
        #expect(next.status == baseline)
        #expect(next.stderr.contains("2 runs stored"), "\(next.stderr)")
        #expect(Self.spooled(tree).isEmpty)
        let spooledID = String(try #require(files.first).dropLast(5))
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM fleet.run WHERE run_id = '\(spooledID)'") == "1")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM fleet.run") == "2")
        #expect(try TestPostgres.psql(url, "SELECT count(DISTINCT run_id) FROM fleet.finding") == "2")
    }
}

struct ClusterError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
