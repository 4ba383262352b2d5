import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// A committed baseline in CI: the runner has a fresh home and usually no fingerprint key. Entries
/// that are not secrets apply under any key; secret entries made under another key cannot match,
/// are named in one notice, and their secrets are reported again (the gate fails closed).
@Suite(.serialized)
struct BaselineKeyTests {
    static let password = "Kq7#vLp2!mZx9wR4"
    static let teamKey = "team-fingerprint-key-0123456789"

    static func repository(secret: Bool) throws -> FixtureTree {
        let tree = try FixtureTree("ci-baseline")
        try tree.file("config.yaml", "GOOSE_MODE: auto\n", mode: 0o644)
        if secret { try tree.file(".env", "DB_PASSWORD=\(password)\n") }
        return tree
    }

    static func run(_ arguments: [String], home: String, key: String? = nil) throws -> Shell.Output {
        try Binary.run(arguments, home: home, environment: key.map { ["GOOSE_AUDIT_FINGERPRINT_KEY": $0] } ?? [:])
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("a baseline without secrets made on one machine gates a fresh CI runner without any key")
    func noSecretsAnyKey() throws {
        let tree = try Self.repository(secret: false)
        let dev = try FixtureTree("dev")
        let created = try Self.run(["baseline", "create", tree.root, "-o", tree.path("baseline.json")], home: dev.root)
        #expect(created.status == 0, "\(created.stderr)")
        let file = try String(contentsOfFile: tree.path("baseline.json"), encoding: .utf8)
        #expect(!file.contains("key_id") && !file.contains("\"secret\""), "no key is named when nothing is keyed: \(file)")
        #expect(file.contains("\"baseline_version\" : 3"), "\(file)")
        let runner = try FixtureTree("runner")
        let bare = try Self.run([tree.root, "--fail-on", "low"], home: runner.root)
        #expect(bare.status == 1, "the repository has findings of its own: \(bare.stdout)")
        for key: String? in [nil, "another-key-entirely-0000"] {
            let gated = try Self.run(
                [tree.root, "--baseline", tree.path("baseline.json"), "--fail-on", "low"], home: runner.root, key: key)
            #expect(gated.status == 0, "\(gated.stdout)\(gated.stderr)")
            #expect(!gated.stderr.contains("secret entr") && !gated.stdout.contains("secret entr"))
        }
    }

    @Test("secret entries under another or no key: the rest applies, one notice says how many and what to set, the secret fails the gate")
    func secretEntriesOtherKey() throws {
        let tree = try Self.repository(secret: true)
        let dev = try FixtureTree("dev")
        let created = try Self.run(["baseline", "create", tree.root, "-o", tree.path("baseline.json")], home: dev.root, key: Self.teamKey)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(!created.stderr.contains("match nowhere else"), "made with the team key: \(created.stderr)")
        // Made with this user's own key, the secret entries could never match in CI: baseline create says so.
        let own = try Self.run(["baseline", "create", tree.root, "-o", tree.path("own.json")], home: dev.root)
        #expect(own.status == 0 && own.stderr.contains("keyed with this user's own key and match nowhere else"), "\(own.stderr)")
        #expect(own.stderr.contains("GOOSE_AUDIT_FINGERPRINT_KEY"))
        let document = try Self.json(try String(contentsOfFile: tree.path("baseline.json"), encoding: .utf8))
        let entries = try #require(document["findings"] as? [[String: Any]])
        let secrets = entries.filter { $0["secret"] as? Bool == true }.count
        try #require(secrets > 0 && secrets < entries.count, "\(entries)")
        #expect(document["key_id"] is String)
        let runner = try FixtureTree("runner")

        let matched = try Self.run(
            [tree.root, "--baseline", tree.path("baseline.json"), "--fail-on", "low"], home: runner.root, key: Self.teamKey)
        #expect(matched.status == 0, "the team key matches everything: \(matched.stdout)\(matched.stderr)")

        for key: String? in [nil, "another-key-entirely-0000"] {
            let run = try Self.run(
                [tree.root, "--baseline", tree.path("baseline.json"), "--fail-on", "low", "--format", "json"], home: runner.root, key: key)
            #expect(run.status == 1, "the secret is reported again and fails the gate: \(run.stderr)")
            let report = try Self.json(run.stdout)
            let notices = try #require(report["notices"] as? [[String: Any]]).compactMap { $0["message"] as? String }
                .filter { $0.contains("cannot match") }
            #expect(notices.count == 1, "\(notices)")
            let plural = secrets == 1 ? "1 secret entry was" : "\(secrets) secret entries were"
            #expect(notices.first?.contains(plural) == true && notices.first?.contains("GOOSE_AUDIT_FINGERPRINT_KEY") == true, "\(notices)")
            #expect(run.stderr.contains("cannot match"), "said on stderr too: \(run.stderr)")
            let findings = try #require(report["findings"] as? [[String: Any]])
            let open = findings.filter { $0["suppression"] == nil || $0["suppression"] is NSNull }
            // Every entry that is not a secret still applies: only the secret is open again.
            #expect(!open.isEmpty && open.allSatisfy { $0["path"] as? String == ".env" }, "\(open)")
            #expect(!run.stdout.contains(Self.password) && !run.stderr.contains(Self.password))
        }
    }

    @Test("a version 2 baseline is refused with the way out")
    func versionTwoRefused() throws {
        #expect(throws: Baseline.Failure.unsupportedVersion(path: "b.json", found: 2)) {
            try Baseline.decode(Data(#"{"baseline_version": 2, "key_id": "0123456789abcdef", "findings": []}"#.utf8), path: "b.json")
        }
        #expect(Baseline.Failure.unsupportedVersion(path: "b.json", found: 2).description.contains("baseline create"))
    }

    @Test("SARIF partial fingerprints of secrets stay the same across fresh runners without a key, and reveal nothing")
    func sarifStableWithoutKey() throws {
        let tree = try Self.repository(secret: true)
        // A folder named with a token (redacted with a keyed digest wherever it is shown) holding a config.
        let token = "ghp_" + String("q8W2e4R6t8Y0u2I4o6P8a0S2d4F6g8H0j2K4".reversed())
        try tree.file("\(token)/config.yaml", "GOOSE_MODE: auto\n", mode: 0o644)
        func fingerprints(_ key: String?) throws -> [String] {
            let runner = try FixtureTree("runner")
            let run = try Self.run([tree.root, "--format", "sarif"], home: runner.root, key: key)
            #expect(!run.stdout.contains(Self.password) && !run.stdout.contains(token))
            let runs = try #require(try Self.json(run.stdout)["runs"] as? [[String: Any]])
            let results = try #require(runs.first?["results"] as? [[String: Any]])
            return results.compactMap { ($0["partialFingerprints"] as? [String: String])?.values.first }.sorted()
        }
        let first = try fingerprints(nil), second = try fingerprints(nil)
        #expect(first.count >= 2 && first == second, "\(first) vs \(second)")
        // With a key the secret's fingerprint is the keyed one (a new secret at the same place is a new alert).
        let keyed = try fingerprints(Self.teamKey)
        #expect(keyed == (try fingerprints(Self.teamKey)) && keyed != first)
        // Findings that depend on no key (the root config.yaml) keep the same fingerprint either way.
        let common = Set(keyed).intersection(first).count
        #expect(common >= 1 && common < first.count, "\(common) of \(first.count)")
    }

    @Test("a plain scan writes no key into an existing state directory; --record and baseline create do")
    func plainScanWritesNothing() throws {
        let tree = try Self.repository(secret: true)
        let home = try FixtureTree("home")
        let state = try home.directory(".local/state/goose-audit")
        func hash() throws -> String {
            let run = try Self.run([tree.root, "--format", "json"], home: home.root)
            let findings = try #require(try Self.json(run.stdout)["findings"] as? [[String: Any]])
            return try #require(findings.compactMap { $0["fingerprint"] as? String }.sorted().joined())
        }
        let first = try hash(), second = try hash()
        #expect(!FileManager.default.fileExists(atPath: state + "/key"), "a plain scan wrote the key")
        #expect(first != second, "without a key each run has a key of its own")
        let recorded = try Self.run([tree.root, "--record"], home: home.root)
        #expect(recorded.status != 2, "\(recorded.stderr)")
        var info = stat()
        #expect(lstat(state + "/key", &info) == 0 && info.st_mode & 0o777 == 0o600)
        // --state-dir is where the key lives for --record, as for the history and fix journals.
        let elsewhere = try home.directory("elsewhere")
        let moved = try Self.run([tree.root, "--record", "--state-dir", elsewhere], home: home.root)
        #expect(moved.status != 2, "\(moved.stderr)")
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/key"), "the key goes where --state-dir says")
        // From now on plain scans use the existing key (without writing anything).
        #expect(try hash() == (try hash()))
    }
}
