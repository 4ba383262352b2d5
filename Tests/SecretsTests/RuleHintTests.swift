import GooseAuditCore
import SecretEngine
import Testing

/// `line_requires` and `starts_with` (issue 15 point 8): rule data that lets a costly pattern skip keyword lines and
/// positions where it cannot match. They may only make the search cheaper, never change what it finds.
struct RuleHintTests {
    static func rule(lineRequires: [String] = [], startsWith: [String] = [], positive: String) -> String {
        """
        rules:
          - id: acme_fallback
            title: Acme fallback
            pattern: '(?i)(?:acme_key|acme_token)[\\w.]{0,20}[ \\t]{0,3}(?:\\?\\?|\\bor\\b)[ \\t]{0,3}"([A-Za-z0-9]{16,64})"'
            keywords: ['acme_key', 'acme_token']
            line_requires: [\(lineRequires.map { "'\($0)'" }.joined(separator: ", "))]
            starts_with: [\(startsWith.map { "'\($0)'" }.joined(separator: ", "))]
            examples:
              true_positives: ['\(positive)']
        """
    }

    static let positive = "x = cfg.acme_token ?? \"Zq8mPm08hsE8JNpjJOQGa2rb\""  // goose-audit:ignore * synthetic value

    @Test("both lists load as lowercased literals; an empty literal or one with a line break is refused, naming the field")
    func loading() throws {
        let rules = try RuleLoader.yaml(Self.rule(lineRequires: ["??", " OR "], startsWith: ["ACME_KEY"], positive: "p"), source: "h.yaml")
        #expect(rules.first?.lineRequires == ["??", " or "])
        #expect(rules.first?.startsWith == ["acme_key"])
        for bad in ["''", "\"a\\nb\""] {
            let text = Self.rule(positive: "p").replacingOccurrences(of: "line_requires: []", with: "line_requires: [\(bad)]")
            #expect(throws: RuleError.self) { _ = try RuleLoader.yaml(text, source: "h.yaml") }
            do {
                _ = try RuleLoader.yaml(text, source: "h.yaml")
            } catch {
                #expect("\(error)".contains("line_requires"))
            }
        }
    }

    @Test("hints that hold for every match change nothing: windowed search equals whole-text search")
    func correctHintsChangeNothing() throws {
        let text = try RuleLoader.yaml(
            Self.rule(lineRequires: ["??", " or "], startsWith: ["acme_key", "acme_token"], positive: Self.positive), source: "h.yaml")
        let scanner = try SecretScanner(rules: text)
        try scanner.verifyExamples()
        let value = Fake.opaque(seed: 78)
        let lines = [
            Self.positive, "y = acme_key or \"\(value)\"", "acme_token = \"\(value)\"", "no keyword ?? \"\(value)\"",
            "ACME_TOKEN or \"\(value)\" // upper case",
        ]
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let windowed = scanner.scan(bytes, mode: .windowed).matches.map { "\($0.ruleID)@\($0.range)" }
        let whole = scanner.scan(bytes, mode: .wholeText).matches.map { "\($0.ruleID)@\($0.range)" }
        #expect(windowed == whole)
        #expect(windowed.count == 3)
    }

    @Test("a hint that a match does not hold is caught by the rule's own examples when the rules load")
    func wrongHintsFailTheExamples() throws {
        for yaml in [
            Self.rule(lineRequires: ["||"], positive: Self.positive),
            Self.rule(startsWith: ["acme_key"], positive: Self.positive),
        ] {
            let scanner = try SecretScanner(rules: try RuleLoader.yaml(yaml, source: "h.yaml"))
            #expect(throws: RuleError.examplePositiveMissed(file: "h.yaml", rule: "acme_fallback", index: 0)) {
                try scanner.verifyExamples()
            }
        }
    }

    @Test("the shipped generic rules find every fallback and assignment shape in windows as the whole-text search does")
    func shippedHints() throws {
        let scanner = try #require(Shipped.scanner)
        let value = Fake.opaque(seed: 77)
        let shapes = [
            "const apiKey = process.env.SERVICE_API_KEY ?? \"\(value)\";", "secret = cfg.client_secret || '\(value)'",
            "token = cfg.token or \"\(value)\"", "api_key = os.getenv(\"SERVICE_API_KEY\", \"\(value)\")",
            "key = os.environ.get('SERVICE_TOKEN', '\(value)')", "x = ENV.fetch('SERVICE_API_KEY', '\(value)')",
            "export T=\"${SERVICE_TOKEN:-\(value)}\"", "String t = getOrDefault(\"SERVICE_TOKEN\", \"\(value)\");",
            "self.password = \"\(value)\"", "Auth.Key: \(value) # token", "private.key = '\(value)' # the token", "CLIENTSECRET=\(value)",
            "client.secret => \"\(value)\"", "my_token_value := \"\(value)\"", "pwd: \(value)", "token or \(value)",
        ]
        for shape in shapes {
            let bytes = Array(("    " + shape + "\n").utf8)
            let windowed = scanner.scan(bytes, mode: .windowed).matches.map { "\($0.ruleID)@\($0.range)" }
            let whole = scanner.scan(bytes, mode: .wholeText).matches.map { "\($0.ruleID)@\($0.range)" }
            #expect(windowed == whole, "\(shape)")
            #expect(!windowed.isEmpty || shape.hasPrefix("token or "), "\(shape)")  // `token or <bare value>` is no fallback
        }
    }
}
