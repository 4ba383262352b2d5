import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import SecretEngine
import SecretsChecks
import Testing

/// The non-negotiable: no raw secret value in any output. For a randomised secret of every rule kind,
/// planted in every kind of file the secrets module reads, no report format, the baseline, the history
/// database, the fleet store (a `pg_dump` of it, when GOOSE_AUDIT_TEST_PG names a server), the checklist,
/// the fix plan, notices or log output contains the value or any 16-character slice of it.
@Suite(.serialized)
struct LeakPropertyTests {
    /// Each rule's true-positive examples with their secret randomised (same character classes), kept only
    /// when the rule still reports the new value.
    static func plantedLines(seed: UInt64) throws -> [(rule: String, line: String, secret: String)] {
        let scanner = try #require(try? SecretsModule.scanner(ModuleConfiguration()))
        var rng = SeededGenerator(seed: seed)
        var out: [(String, String, String)] = []
        for rule in scanner.rules {
            for example in rule.examples.truePositives {
                guard let match = scanner.scan(Array(example.utf8)).matches.first(where: { $0.ruleID == rule.id }) else { continue }
                let mutated = String(
                    match.secret.map { ch -> Character in
                        guard Int.random(in: 0..<3, using: &rng) == 0 else { return ch }
                        if ch.isNumber { return Character(String(Int.random(in: 0...9, using: &rng))) }
                        if ch.isUppercase, ch.isASCII { return Character(UnicodeScalar(UInt8.random(in: 65...90, using: &rng))) }
                        if ch.isLowercase, ch.isASCII { return Character(UnicodeScalar(UInt8.random(in: 97...122, using: &rng))) }
                        return ch
                    })
                let line = example.replacingOccurrences(of: match.secret, with: mutated)
                let found = scanner.scan(Array(line.utf8)).matches.contains { $0.ruleID == rule.id && $0.secret == mutated }
                out.append(found ? (rule.id, line, mutated) : (rule.id, example, match.secret))
            }
        }
        return out
    }

    /// Lays every planted secret into the kinds of file goose keeps or a config repository holds.
    static func plant(_ planted: [(rule: String, line: String, secret: String)], in tree: FixtureTree) throws {
        var notes = "", env = "", hints = "", envs = "", store = "", history = ""
        for (index, item) in planted.enumerated() {
            notes += item.line + "\n"
            guard !item.line.contains("\n") else { continue }
            hints += "- " + item.line + "\n"
            history += item.line + "\n"
            let quoted = item.secret.replacingOccurrences(of: "'", with: "''")
            env += "SECRET_\(index)=\(item.secret)\n"
            envs += "      TOKEN_\(index): '\(quoted)'\n"
            store += "KEY_\(index): '\(quoted)'\n"
        }
        try tree.directory(".config/goose", mode: 0o755)
        try tree.file(
            ".config/goose/config.yaml",
            "GOOSE_MODE: approve\nextensions:\n  planted:\n    type: stdio\n    cmd: /opt/x\n    envs:\n" + envs, mode: 0o644)
        try tree.file(".config/goose/secrets.yaml", store, mode: 0o644)
        try tree.file(".config/goose/AGENTS.md", hints, mode: 0o644)
        try tree.file(".config/goose/memory/notes.txt", "# tags\n" + notes, mode: 0o644)
        try tree.file(".local/state/goose/history.txt", history, mode: 0o644)
        try tree.file("repo/.env", env, mode: 0o644)
        try tree.file("repo/notes/credentials.txt", notes, mode: 0o644)
        try tree.file(
            "repo/.goose/recipes/r.yaml",
            "version: 1.0.0\ntitle: t\ninstructions: |\n" + notes.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n",
            mode: 0o644)
    }

    /// Issue 21 point 6: secrets used as names. Format secrets (of rules whose values are plain word characters)
    /// and random tokens of no format become an extension name, a nested key (holding a planted value, so a
    /// finding's key path carries it), a `.env` variable name, a file name, a directory name (holding a planted
    /// value, so a finding's path carries it) and a symlink target.
    static func plantNames(
        _ planted: [(rule: String, line: String, secret: String)], seed: UInt64, in tree: FixtureTree
    ) throws -> [(rule: String, line: String, secret: String)] {
        var seen = Set<String>()
        let formats = try plantedLines(seed: seed &+ 1000).filter { item in
            item.secret.count >= 20 && item.secret.count <= 120 && seen.insert(item.rule).inserted
                && item.secret.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        }
        var rng = SeededGenerator(seed: seed &+ 2000)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let randoms = (0..<6).map { index in
            "R\(index)" + String((0..<38).map { _ in alphabet.randomElement(using: &rng)! }) + "9z"
        }
        let chosen = (0..<6).map { formats[($0 * 7) % formats.count] }
        var config = "", envs = "", env = ""
        for (index, secret) in (chosen.map(\.secret) + randoms).enumerated() {
            let value = planted[index % planted.count]
            switch index % 6 {
            case 0: config += "  \(secret):\n    type: stdio\n    cmd: /opt/y\n"
            case 1: envs += "      \(secret): '\(value.secret.replacingOccurrences(of: "'", with: "''"))'\n"
            case 2: env += "\(secret)=plain\n"
            case 3: try tree.file("repo/notes/\(secret).txt", "hello\n", mode: 0o644)
            case 4: try tree.file("repo/\(secret)/notes.txt", value.line + "\n", mode: 0o644)
            default: try tree.symlink("repo/link-\(index)", to: "/opt/\(secret)")
            }
        }
        let configPath = tree.path(".config/goose/config.yaml")
        let current = try String(contentsOfFile: configPath, encoding: .utf8)
        try (current + "  named:\n    type: stdio\n    cmd: /opt/z\n    envs:\n" + envs + config).write(
            toFile: configPath, atomically: false, encoding: .utf8)
        let envPath = tree.path("repo/.env")
        try (try String(contentsOfFile: envPath, encoding: .utf8) + env).write(toFile: envPath, atomically: false, encoding: .utf8)
        return chosen.map { ($0.rule, "", $0.secret) } + randoms.map { ("random-name", "", $0) }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func noRawSecretInAnyOutput(seed: UInt64) throws {
        let planted = try Self.plantedLines(seed: seed)
        let rules = Set(planted.map(\.rule))
        #expect(rules.count >= 35, "every rule kind is planted: \(rules.count)")
        let tree = try FixtureTree("leak")
        try Self.plant(planted, in: tree)
        let names = try Self.plantNames(planted, seed: seed, in: tree)
        let out = try FixtureTree("leak-out")
        let state = out.path("state")
        let env = ["XDG_STATE_HOME": state]
        var outputs: [String: String] = [:]
        func run(_ name: String, _ arguments: [String]) throws {
            let result = try Binary.run(arguments, home: tree.root, directory: "/", environment: env)
            #expect(result.status <= 2, "\(name): \(result.stderr)")
            outputs[name + ".stdout"] = result.stdout
            outputs[name + ".stderr"] = result.stderr
        }
        let formats = ["json", "sarif", "junit", "markdown", "html"]
        var arguments = ["scan", "--installation", tree.path("repo"), "--record"]
        for format in formats { arguments += ["--format", format, "--output", out.path("report.\(format)")] }
        arguments += ["--format", "text"]  // the last format, without an --output, goes to standard output
        // The fleet store gets the same run; its whole database is dumped and searched below.
        var fleet: String?
        if let admin = TestPostgres.adminURL {
            let url = try TestPostgres.freshDatabase(admin)
            try run("migrate", ["fleet", "migrate", "--store", url])
            arguments += ["--store", url]
            fleet = url
        }
        try run("scan", arguments)
        try run("baseline", ["baseline", "create", "--installation", tree.path("repo"), "--output", out.path("baseline.json")])
        try run("checklist", ["checklist", "--record", "--format", "json", tree.path("repo")])
        try run("suppressions", ["suppressions", tree.path("repo")])
        try run("fix", ["fix", "--installation", tree.path("repo")])
        for format in formats { outputs["report.\(format)"] = try String(contentsOfFile: out.path("report.\(format)"), encoding: .utf8) }
        outputs["baseline"] = try String(contentsOfFile: out.path("baseline.json"), encoding: .utf8)
        let database = try Data(contentsOf: URL(fileURLWithPath: state + "/goose-audit/history.sqlite"))
        outputs["history.sqlite"] = String(decoding: database, as: UTF8.self)
        if let fleet {
            #expect(outputs["scan.stderr"]?.contains("fleet store: 1 run stored") == true, "\(outputs["scan.stderr"] ?? "")")
            let dump = try Shell.capture(
                "/usr/bin/pg_dump", ["--data-only", "--no-owner", "-d", fleet], environment: ["PATH": "/usr/bin:/bin"])
            #expect(dump.status == 0, "\(dump.stderr)")
            #expect(dump.stdout.contains("COPY fleet.finding"), "the dump holds the stored findings")
            outputs["fleet.pg_dump"] = dump.stdout
        }

        let report = try #require(try JSONSerialization.jsonObject(with: Data((outputs["report.json"] ?? "").utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        #expect(
            findings.filter { $0["category"] as? String == "secrets" }.count >= planted.count,
            "the planted secrets are found, so their evidence is in the outputs")

        let scanner = try #require(try? SecretsModule.scanner(ModuleConfiguration()))
        Self.checkEvidence(findings, scanner: scanner)
        // A secret used as a name is a finding itself.
        for place in ["as a key name", "as a file or folder name", "as a symlink target"] {
            #expect(findings.contains { ($0["message"] as? String)?.contains(place) == true }, "a finding for a secret used \(place)")
        }
        let publicText = Dictionary(
            scanner.rules.map { ($0.id, $0.pattern + " " + $0.title + " " + $0.description) }, uniquingKeysWith: { a, _ in a })
        // Every 16-byte window of every output, hashed once, so each slice is a set lookup.
        let windows = outputs.mapValues { Self.windowHashes(Array($0.utf8)) }
        for item in planted + names {
            let secret = Array(item.secret.utf8)
            // A slice that the rule's own pattern or description spells out (`pypi-AgEIcHlwaS5…`) is the
            // documented format, not secret material.
            let slices =
                (secret.count <= Self.width ? [secret] : (0...(secret.count - Self.width)).map { Array(secret[$0..<($0 + Self.width)]) })
                .filter { !(publicText[item.rule] ?? "").contains(String(decoding: $0, as: UTF8.self)) }
            for (name, hashes) in windows {
                let leaked = slices.first { slice in
                    slice.count == Self.width
                        ? hashes.contains(Self.hash(slice[...])) : outputs[name]!.contains(String(decoding: slice, as: UTF8.self))
                }
                #expect(leaked == nil, "\(item.rule): a slice of the secret appears in \(name)")
            }
        }
    }

    static let width = 16

    /// Evidence shows at most a known format's public prefix (a keyword of the finding's own,
    /// non-generic rule that the value starts with) and the length: nothing of a generic secret.
    static func checkEvidence(_ findings: [[String: Any]], scanner: SecretScanner) {
        let rules = Dictionary(scanner.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for finding in findings where finding["category"] as? String == "secrets" {
            let id = finding["rule_id"] as? String ?? ""
            let text = finding["evidence"] as? String ?? ""
            guard let ellipsis = text.range(of: "…(") else {
                Issue.record("\(id): evidence without a redacted value")
                continue
            }
            let before = text[..<ellipsis.lowerBound]
            #expect(text[ellipsis.upperBound...].allSatisfy { $0.isNumber || " chars)".contains($0) }, "\(id): \(text)")
            let shown = before.hasSuffix(" ") || before.isEmpty ? "" : String(before.split(separator: " ").last ?? "")
            guard !shown.isEmpty else { continue }
            // Positional and stored findings name the format in their label (`OpenAI API key sk-proj-…`).
            let label = before.dropLast(shown.count).trimmingCharacters(in: .whitespaces)
            let rule = rules[id] ?? scanner.rules.first { $0.title == label }
            let allowed = rule.map { !$0.generic && $0.keywords.contains(shown.lowercased()) } ?? false
            #expect(allowed, "\(id): evidence shows '\(shown)' (\(text)) that are not the format's public prefix")
            #expect((finding["evidence_hash"] as? String)?.count == 12)
        }
    }

    static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }

    static func windowHashes(_ bytes: [UInt8]) -> Set<UInt64> {
        guard bytes.count >= width else { return [] }
        var out = Set<UInt64>(minimumCapacity: bytes.count)
        for start in 0...(bytes.count - width) { out.insert(hash(bytes[start..<(start + width)])) }
        return out
    }
}
