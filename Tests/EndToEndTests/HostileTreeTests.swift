import Foundation
import GooseAuditTestSupport
import Synchronization
import Testing

/// The scanner is attack surface: over a generated hostile tree (scripts/make-hostile-tree.py) it must
/// finish in bounded time and memory, report every problem as a notice naming the file, and still find
/// the secrets planted among the hazards, while files grow and vanish under it.
@Suite(.serialized)
struct HostileTreeTests {
    @Test(.timeLimit(.minutes(10)))
    func hostileTreeIsScannedToTheEnd() throws {
        let tree = try FixtureTree("hostile")
        let root = tree.path("t")
        try Shell.run("/usr/bin/env", ["python3", Binary.packageRoot + "/scripts/make-hostile-tree.py", root])

        // Churn while the scan runs: a file that keeps growing and files that appear and disappear.
        let stop = Atomic<Bool>(false)
        let churn = Thread {
            let growing = root + "/growing.log"
            FileManager.default.createFile(atPath: growing, contents: nil)
            let handle = FileHandle(forWritingAtPath: growing)
            var index = 0
            while !stop.load(ordering: .relaxed) {
                handle?.seekToEndOfFile()
                handle?.write(Data(String(repeating: "token=abc\n", count: 1000).utf8))
                let flicker = root + "/flicker-\(index % 50).env"
                FileManager.default.createFile(atPath: flicker, contents: Data("A=1\n".utf8))
                try? FileManager.default.removeItem(atPath: flicker)
                index += 1
            }
            try? handle?.close()
        }
        churn.start()
        defer { stop.store(true, ordering: .relaxed) }

        let result = try Shell.capture(
            "/usr/bin/time", ["-f", "max-rss-kb %M", Binary.path, "scan", root, "--format", "json"],
            environment: ["HOME": tree.path("no-home"), "PATH": "/usr/bin:/bin"])
        stop.store(true, ordering: .relaxed)
        #expect(result.status == 1, "findings, not a crash: \(result.stderr.suffix(2000))")
        let rss = result.stderr.split(separator: "\n").first { $0.hasPrefix("max-rss-kb ") }.flatMap { Int($0.dropFirst(11)) } ?? 0
        // A safety net against unbounded growth (a zip bomb, a 2 GB file), not a performance target:
        // measured figures live in docs/performance.md.
        #expect(rss > 0 && rss < 2_000_000, "peak RSS \(rss) kB")

        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let notices = try #require(report["notices"] as? [[String: Any]])
        func noticed(_ kind: String, _ suffix: String) -> Bool {
            notices.contains { $0["kind"] as? String == kind && ($0["path"] as? String)?.hasSuffix(suffix) == true }
        }
        #expect(noticed("symlink", "/loop"), "symlink loop")
        #expect(noticed("symlink", "/chain/a"), "symlink chain")
        #expect(noticed("symlink", "/zero.env"), "link to /dev/zero")
        #expect(noticed("symlink", "/proc"), "link to /proc/self")
        #expect(noticed("symlink", "/outside"), "link outside the root")
        #expect(noticed("special-file", "/pipe.yaml"), "FIFO, not opened")
        #expect(noticed("special-file", "/agent.sock"), "UNIX socket")
        #expect(noticed("too-large", "/sparse.env"), "2 GB sparse file read up to the cap")
        #expect(noticed("limit-reached", "/d"), "2 000 nested directories")
        #expect(noticed("parse-error", "/bombs/config.yaml"), "YAML alias bomb")
        #expect(noticed("parse-error", "/bombs/custom_providers/deep.json"), "100 000 levels of JSON")
        #expect(noticed("other", "bad-\\xFF\\xFE-name.yaml"), "non-UTF-8 name")

        let findings = try #require(report["findings"] as? [[String: Any]])
        func found(_ rule: String, _ path: String) -> Bool {
            findings.contains { $0["rule_id"] as? String == rule && $0["path"] as? String == path }
        }
        #expect(found("secrets_file_exposed", "home/.config/goose/secrets.yaml"))
        #expect(found("secret_in_plaintext_store", "home/.config/goose/secrets.yaml"))
        #expect(found("openai_api_key", "repo/.env"), "planted key in a CRLF file with a BOM")
        #expect(found("aws_access_key_id", "repo/config.yaml"), "planted key in extension envs")
        #expect(found("goose_mode_auto", "repo/config.yaml"))
        let summary = try #require(report["summary"] as? [String: Any])
        #expect((summary["files_examined"] as? Int ?? 0) > 100_000, "the 100 000 small files were all walked")
        for value in ["ghp_R4nd0mL00k1ngT0k3n", "T3BlbkFJAb1Cd2", "QX7ZLMN3PQR5STU4"] {
            #expect(!result.stdout.contains(value), "no raw secret in the report")
        }
    }
}
