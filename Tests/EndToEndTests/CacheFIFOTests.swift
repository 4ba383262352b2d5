import Foundation
import GooseAuditTestSupport
import Testing

/// Issue 21, items 1 and 2: no cache read ever blocks (FIFOs in every cache position, a log swapped
/// for a FIFO during the scan), and caches are read with a cap and by their allocated data only.
/// Every run is bounded by `Binary.runBounded`: a hang kills the binary and fails the test.
@Suite(.serialized)
struct CacheFIFOTests {
    static let token = "ghp_" + String(repeating: "Zq8", count: 12)

    /// A home with every cache goose keeps, as regular files.
    func home(_ name: String) throws -> FixtureTree {
        let tree = try FixtureTree(name)
        try tree.directory(".local/share/goose/sessions")
        try tree.directory(".local/state/goose/logs")
        let database = tree.path(".local/share/goose/sessions/sessions.db")
        try Shell.run(
            "/usr/bin/python3",
            [
                "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table messages(id integer primary key, session_id text, content_json text)'); c.execute('insert into messages values (1, \"s\", \"hello\")'); c.commit()",
                database,
            ])
        try tree.file(".local/state/goose/logs/goose.log", "2026-01-01T00:00:00Z INFO started\n")
        try tree.file(".local/state/goose/logs/llm_request.1.jsonl", "{\"input\":\"hello\"}\n")
        try tree.file(".local/share/goose/history.txt", "hello\n")
        return tree
    }

    static let positions = [
        ".local/share/goose/sessions/sessions.db-wal", ".local/share/goose/sessions/sessions.db-shm",
        ".local/share/goose/sessions/sessions.db-journal", ".local/share/goose/sessions/sessions.db",
        ".local/state/goose/logs/goose.log", ".local/state/goose/logs/llm_request.1.jsonl", ".local/share/goose/history.txt",
        ".local/state/goose/logs/diagnostics_20260101.zip",
    ]

    @Test("a FIFO in each cache position never blocks the scan", arguments: positions)
    func fifoInPlace(position: String) throws {
        let tree = try home("fifo-in-place")
        try? FileManager.default.removeItem(atPath: tree.path(position))
        try tree.fifo(position)
        let result = try Binary.runBounded(["--format", "json"], home: tree.root, seconds: 90)
        #expect(result.status != Binary.killedStatus, "the scan hung on a FIFO at \(position)")
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
    }

    @Test("every cache position a FIFO at once: the scan ends, with a notice for the sidecar")
    func fifosEverywhere() throws {
        let tree = try home("fifo-everywhere")
        for position in Self.positions where !position.hasSuffix("sessions.db") {
            try? FileManager.default.removeItem(atPath: tree.path(position))
            try tree.fifo(position)
        }
        let result = try Binary.runBounded(["--format", "json"], home: tree.root, seconds: 90)
        #expect(result.status != Binary.killedStatus, "the scan hung")
        #expect(result.stdout.contains("not opened through SQLite"), "\(result.stdout.suffix(2000))")
    }

    @Test("a log swapped for a FIFO during the scan never blocks it")
    func swappedMidScan() throws {
        // A log large enough that the scan is still busy when the swap lands; several delays so that
        // one lands between discovery and the open, another during the read.
        for delay in [0.0, 0.05, 0.15, 0.3, 0.6] {
            let tree = try home("fifo-swap")
            let log = tree.path(".local/state/goose/logs/llm_request.2.jsonl")
            let line = "{\"input\":\"" + String(repeating: "lorem ipsum ", count: 80) + "\"}\n"
            try Data(String(repeating: line, count: 40_000).utf8).write(to: URL(fileURLWithPath: log))
            let swapper = Thread {
                Thread.sleep(forTimeInterval: delay)
                unlink(log)
                mkfifo(log, 0o644)
            }
            swapper.start()
            let result = try Binary.runBounded(["--format", "json"], home: tree.root, seconds: 120)
            #expect(result.status != Binary.killedStatus, "the scan hung after a swap at \(delay) s")
            Thread.sleep(forTimeInterval: delay + 0.1)
        }
    }

    @Test("a 1 TB sparse log is read by its data: the credential in the middle is found, no cut")
    func sparseTerabyte() throws {
        let tree = try home("sparse")
        let log = tree.path(".local/state/goose/logs/huge.log")
        let made = try Shell.capture("/usr/bin/truncate", ["-s", "1T", log])
        try #require(made.status == 0, "this file system refuses a 1 TB sparse file: \(made.stderr)")
        let handle = try #require(FileHandle(forWritingAtPath: log))
        try handle.seek(toOffset: 512 << 30)
        try handle.write(contentsOf: Data("\nGITHUB_TOKEN=\(Self.token)\n".utf8))
        try handle.close()
        let result = try Binary.runBounded(["--format", "json"], home: tree.root, seconds: 300)
        #expect(result.status != Binary.killedStatus, "the sparse log kept the scan busy")
        #expect(result.stdout.contains("huge.log"), "the credential in the data extent is found")
        #expect(!result.stdout.contains("the cache cap"), "a sparse file is not cut short by its holes")
        #expect(!result.stdout.contains(Self.token))
    }

    @Test("a cache larger than --max-cache-size is cut short with a notice, and the cap is settable in the file")
    func cacheCap() throws {
        let tree = try home("cache-cap")
        let log = tree.path(".local/state/goose/logs/big.log")
        try Data(String(repeating: "2026-01-01T00:00:00Z INFO nothing to see here\n", count: 70_000).utf8).write(
            to: URL(fileURLWithPath: log))
        let flagged = try Binary.runBounded(["--format", "json", "--max-cache-size", "1048576"], home: tree.root)
        #expect(
            flagged.stdout.contains("holds more than 1048576 bytes of data (the cache cap, --max-cache-size)"),
            "\(flagged.stdout.suffix(1500))")
        let unflagged = try Binary.runBounded(["--format", "json"], home: tree.root)
        #expect(!unflagged.stdout.contains("the cache cap"))
        try tree.file(".goose-audit.yaml", "max_cache_size: 1048576\n")
        let configured = try Binary.runBounded(["--format", "json", "--config", tree.path(".goose-audit.yaml")], home: tree.root)
        #expect(configured.stdout.contains("holds more than 1048576 bytes"), "\(configured.stderr)")
    }
}
