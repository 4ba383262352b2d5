import Foundation
import GooseAuditCore
import SecretEngine
import SecretsChecks
import Testing

extension SecretRule: CustomTestStringConvertible {
    public var testDescription: String { id }
}

struct EngineTests {
    @Test("Aho-Corasick finds every occurrence, case-insensitively, including overlapping keywords")
    func automaton() {
        let automaton = KeywordAutomaton(keywords: ["he", "she", "his", "hers", "sk-"])
        let text = Array("uSHErs his SK-x".utf8)
        let hits = text.withUnsafeBufferPointer { automaton.hits(in: $0) }
        let found = hits.map { "\($0.keyword)@\($0.start)" }
        #expect(found == ["1@1", "0@2", "3@2", "2@7", "4@11"])
    }

    @Test("Shannon entropy in bits per byte")
    func entropy() {
        #expect(Entropy.shannon(Array("aaaa".utf8)) == 0)
        #expect(Entropy.shannon(Array("abcd".utf8)) == 2)
        #expect(abs(Entropy.shannon(Array("aabb".utf8)) - 1) < 1e-9)
    }

    @Test("entropy summed over the bytes seen, with repeated counts' terms reused, is bit for bit the sum over all 256 values")
    func entropyEqualsDefinition() {
        var generator = Seeded(state: 42)
        for round in 0..<2_000 {
            // A few to a few hundred bytes over 1 to 90 distinct values: counts of one, two, three and more.
            let distinct = 1 + round % 90
            let length = 1 + round % 300
            let alphabet: [UInt8] = Array((0...255).map(UInt8.init).shuffled(using: &generator).prefix(distinct))
            var bytes: [UInt8] = []
            for _ in 0..<length { bytes.append(alphabet[Int(generator.next() % UInt64(distinct))]) }
            var counts = [Int](repeating: 0, count: 256)
            for byte in bytes { counts[Int(byte)] += 1 }
            var plain = 0.0
            for count in counts where count > 0 {
                let p = Double(count) / Double(bytes.count)
                plain -= p * log2(p)
            }
            #expect(Entropy.shannon(bytes).bitPattern == plain.bitPattern, "round \(round)")
        }
    }

    /// A seeded generator for `shuffled(using:)`.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    @Test("matches carry rule id, byte range, line and column; description never shows the value")
    func positions() throws {
        let scanner = try #require(Shipped.scanner)
        let token = Fake.github()
        let text = "# héllo\nname: x\n  token: \(token)\n"
        let matches = scanner.scan(Array(text.utf8)).matches
        let match = try #require(matches.first)
        #expect(matches.count == 1)
        #expect(match.ruleID == "github_pat")
        #expect(match.line == 3 && match.column == 10)
        #expect(Array(text.utf8)[match.range].elementsEqual(token.utf8))
        #expect(!match.description.contains(token))
        #expect(!String(describing: match).contains(token) || String(describing: match) == match.description)
    }

    @Test("a specific rule wins over the generic assignment rule on the same secret")
    func specificWins() throws {
        let scanner = try #require(Shipped.scanner)
        let matches = scanner.scan(Array("GROQ_API_KEY=\(Fake.groq())".utf8)).matches
        #expect(matches.map(\.ruleID) == ["groq_api_key"])
    }

    @Test("keyword windows find exactly what whole-text scanning finds, on a mixed corpus")
    func differential() throws {
        let scanner = try #require(Shipped.scanner)
        for (index, text) in Corpus.files().enumerated() {
            let bytes = Array(text.utf8)
            let windowed = scanner.scan(bytes, mode: .windowed).matches.map { "\($0.ruleID)@\($0.range)" }
            let whole = scanner.scan(bytes, mode: .wholeText).matches.map { "\($0.ruleID)@\($0.range)" }
            #expect(windowed == whole, "corpus file \(index) differs")
        }
        let planted = Corpus.files().joined(separator: "\n")
        #expect(scanner.scan(Array(planted.utf8)).matches.count >= Corpus.plantedCount)
    }
}

/// A deterministic corpus of config-repo-like text with secrets planted in every shape the rules know.
enum Corpus {
    static var planted: [String] {
        [
            "GITHUB_TOKEN: \(Fake.github(seed: 11))", "ANTHROPIC_API_KEY=\(Fake.anthropic(seed: 12))",
            "  OPENAI_API_KEY: \"\(Fake.openAI(seed: 13))\"", "export GROQ_API_KEY='\(Fake.groq(seed: 14))'",
            "aws_access_key_id = \(Fake.awsKeyID(seed: 15))", "SLACK_BOT_TOKEN=\(Fake.slackBot(seed: 16))",
            "db: postgres://svc:\(Fake.chars(20, seed: 17))@db.internal:5432/app",
            "Authorization: Bearer \(Fake.chars(40, seed: 18))",
            "service_api_key = \"\(Fake.opaque(seed: 19))\"",
            "-----BEGIN EC PRIVATE KEY-----\n\(Fake.chars(64, seed: 20))\n\(Fake.chars(64, seed: 21))\n-----END EC PRIVATE KEY-----",
            "jwt: eyJ\(Fake.chars(30, seed: 22)).eyJ\(Fake.chars(50, seed: 23)).\(Fake.chars(43, seed: 24))",
        ]
    }

    static var plantedCount: Int { planted.count }

    static func files() -> [String] {
        let filler = [
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web, tier: frontend}\n",
            "\"integrity\": \"sha512-\(Fake.chars(86, seed: 30))==\",\n\"resolved\": \"https://registry.npmjs.org/x/-/x-1.2.3.tgz\",\n",
            "id: 3f2a9c1e-7b4d-4e8f-9a0b-1c2d3e4f5a6b\ncommit: \(Fake.chars(40, Fake.hex, seed: 31))\nMAX_TOKENS=4096\n",
            "token_type: bearer\napi_key: ${API_KEY}\npassword: changeme\nsecret_name: prod-db\n",
            "steps:\n  - run: echo ${{ secrets.TOKEN }}\n  - uses: actions/checkout@v4\n",
        ]
        var files: [String] = []
        for (index, secret) in planted.enumerated() {
            let before = filler[index % filler.count]
            let after = filler[(index + 2) % filler.count]
            files.append(before + String(repeating: "x = 1\n", count: index * 50) + secret + "\n" + after)
        }
        files.append(filler.joined(separator: "\n"))
        files.append(planted.joined(separator: "\n"))
        // Every rule's own examples, true and false, in one file.
        let rules = (try? SecretsModule.builtInRules()) ?? []
        files.append(rules.flatMap { $0.examples.truePositives + $0.examples.falsePositives }.joined(separator: "\n"))
        return files
    }
}

struct MatchLimitTests {
    @Test("a pattern the linter cannot see through stops at the PCRE2 match limit, quickly, and says so")
    func matchLimit() throws {
        // Bounded but exponential under backtracking: (a|aa){0,60} before a `c` that never follows the a's
        // (the `c` later in the text defeats PCRE2's required-character shortcut).
        let rule = SecretRule(id: "heavy", title: "Heavy", pattern: "(?:a|aa){0,60}c", keywords: ["aaaa"])
        let scanner = try SecretScanner(rules: [rule])
        let bytes = Array((String(repeating: "a", count: 80) + "xc\n").utf8)
        let clock = ContinuousClock()
        var outcome = SecretScanOutcome()
        let elapsed = clock.measure { outcome = scanner.scan(bytes, mode: .wholeText) }
        #expect(outcome.limitHits > 0)
        #expect(outcome.matches.isEmpty)
        #expect(elapsed < Duration.seconds(10), "\(String(describing: elapsed))")
    }
}
