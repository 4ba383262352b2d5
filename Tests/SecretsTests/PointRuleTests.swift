import GooseAuditCore
import Testing

@testable import SecretEngine

/// `near_start` and points-only rules (issue 15 point 8): a rule whose every `starts_with` literal holds one of its
/// keywords is tried only at those positions (no keyword windows), and `near_start` skips the positions without an
/// assignment operator that near. Both may only make the search cheaper, never change what it finds.
struct PointRuleTests {
    static func rule(startsWith: [String], keywords: [String], near: String? = nil, positive: String) -> String {
        """
        rules:
          - id: acme_assignment
            title: Acme assignment
            pattern: '(?i)(?:acme[_.-]?key|acme_token)[\\w.-]{0,10}[ \\t"]{0,3}[=:][ \\t"]{0,3}([A-Za-z0-9]{16,64})'
            keywords: [\(keywords.map { "'\($0)'" }.joined(separator: ", "))]
            starts_with: [\(startsWith.map { "'\($0)'" }.joined(separator: ", "))]
        \(near.map { "    near_start: \($0)\n" } ?? "")    examples:
              true_positives: ['\(positive)']
        """
    }

    static let positive = "acme_token = \"Zq8mPm08hsE8JNpjJOQGa2rb\""  // goose-audit:ignore * synthetic value

    @Test("near_start loads as bytes and a distance; it needs starts_with, one to four bytes without a line break, 1 to 512")
    func loading() throws {
        let rules = try RuleLoader.yaml(
            Self.rule(startsWith: ["acme_token"], keywords: ["acme_token"], near: "{bytes: '=:', within: 42}", positive: "p"),
            source: "h.yaml")
        #expect(rules.first?.nearStart == NearStart(bytes: Array("=:".utf8), within: 42))
        let bad = [
            "{bytes: '', within: 42}", "{bytes: '=:;,!', within: 42}", "{bytes: \"=\\n\", within: 42}", "{bytes: '=', within: 0}",
            "{bytes: '=', within: 513}", "{bytes: '=', within: many}", "{bytes: '=', within: 4, also: 1}", "'=:'",
        ]
        for near in bad {
            let text = Self.rule(startsWith: ["acme_token"], keywords: ["acme_token"], near: near, positive: "p")
            #expect(throws: RuleError.self, "\(near)") { _ = try RuleLoader.yaml(text, source: "h.yaml") }
            do { _ = try RuleLoader.yaml(text, source: "h.yaml") } catch { #expect("\(error)".contains("near_start"), "\(near)") }
        }
        let alone = Self.rule(startsWith: [], keywords: ["acme_token"], near: "{bytes: '=', within: 9}", positive: "p")
        #expect(
            throws: RuleError.invalidField(
                file: "h.yaml", rule: "acme_assignment", field: "near_start", expected: "used with starts_with", found: "no starts_with")
        ) { _ = try RuleLoader.yaml(alone, source: "h.yaml") }
    }

    @Test("the word-at-a-time near test equals its definition: a wanted byte within the distance, before a line break")
    func nearTestEqualsDefinition() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("ab=:_ \n\"'x;".utf8)
        for round in 0..<400 {
            let text = (0..<(1 + next(90))).map { _ in alphabet[next(alphabet.count)] }
            let wanted = [[UInt8(ascii: "=")], Array("=:".utf8), Array(";=:'".utf8)][round % 3]
            let within = [1, 7, 8, 9, 42, 64, 200][round % 7]
            let test = NearTest(bytes: wanted, within: within)
            text.withUnsafeBufferPointer { buffer in
                for start in 0..<text.count {
                    var expected = false
                    for byte in text[start..<min(text.count, start + within)] {
                        if byte == UInt8(ascii: "\n") { break }
                        if wanted.contains(byte) {
                            expected = true
                            break
                        }
                    }
                    #expect(test.holds(at: start, in: buffer) == expected, "round \(round) start \(start)")
                }
            }
        }
    }

    @Test("rules whose starts_with literals each hold a keyword are searched at those positions only, as the whole text is")
    func pointsOnlyEqualsWholeText() throws {
        let rules = try RuleLoader.yaml(
            Self.rule(
                startsWith: ["acme_key", "acme.key", "acme-key", "acmekey", "acme_token"], keywords: ["acme", "token"],
                near: "{bytes: '=:', within: 24}", positive: Self.positive),
            source: "h.yaml")
        let scanner = try SecretScanner(rules: rules)
        #expect(scanner.points.only == [true])
        try scanner.verifyExamples()
        let value = Fake.opaque(seed: 91)
        let lines = [
            "acme.key: \(value)", "x = ACME-KEY = \"\(value)\"", "acme_token.value  \"= \(value)", "acme_keys(\(value))",
            "acme_token\n= \(value)", String(repeating: "é", count: 600) + " acmekey=\(value)", "acme_key is: \(value)",
        ]
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let windowed = scanner.scan(bytes, mode: .windowed).matches.map { "\($0.ruleID)@\($0.range)" }
        let whole = scanner.scan(bytes, mode: .wholeText).matches.map { "\($0.ruleID)@\($0.range)" }
        #expect(windowed == whole)
        #expect(windowed.count == 4)
        // A literal without a keyword in it keeps the keyword windows (its positions count only inside them).
        let partial = try SecretScanner(
            rules: try RuleLoader.yaml(
                Self.rule(startsWith: ["acme_token", "acme.key"], keywords: ["acme_token"], positive: Self.positive), source: "h.yaml"))
        #expect(partial.points.only == [false])
    }

    @Test("a near_start that a match does not hold is caught by the rule's own examples when the rules load")
    func wrongNearFailsTheExamples() throws {
        let yaml = Self.rule(
            startsWith: ["acme_token"], keywords: ["acme_token"], near: "{bytes: '#', within: 40}", positive: Self.positive)
        let scanner = try SecretScanner(rules: try RuleLoader.yaml(yaml, source: "h.yaml"))
        #expect(throws: RuleError.examplePositiveMissed(file: "h.yaml", rule: "acme_assignment", index: 0)) { try scanner.verifyExamples() }
    }

    @Test("the shipped assignment rule finds names with a dot or a dash (auth.key, private.key) without another keyword on the line")
    func shippedNamesWithoutOtherKeywords() throws {
        let scanner = try #require(Shipped.scanner)
        let value = Fake.opaque(seed: 92)
        for shape in ["Auth.Key: \(value)", "private.key = '\(value)'", "auth-key=\(value)", "PRIVATE.KEY => \"\(value)\""] {
            let bytes = Array(("  " + shape + "\n").utf8)
            let windowed = scanner.scan(bytes, mode: .windowed).matches.map { "\($0.ruleID)@\($0.range)" }
            let whole = scanner.scan(bytes, mode: .wholeText).matches.map { "\($0.ruleID)@\($0.range)" }
            #expect(windowed == whole, "\(shape)")
            #expect(windowed.count == 1, "\(shape)")
        }
    }

    @Test("every flag name the command-line rule accepts holds one of its keywords: windowed search finds what the whole-text one does")
    func shippedFlagNames() throws {
        let scanner = try #require(Shipped.scanner)
        let value = Fake.opaque(seed: 93)
        let names = [
            "api-key", "api_key", "apikey", "key", "token", "access_token", "access-token", "accesstoken", "auth_token", "auth-token",
            "authtoken", "bearer_token", "bearer-token", "bearertoken", "secret", "client_secret", "client-secret", "clientsecret",
            "password", "passwd",
        ]
        for name in names {
            for dashes in ["-", "--"] {
                let bytes = Array("run: tool \(dashes)\(name) \(value)\n".utf8)
                let windowed = scanner.scan(bytes, mode: .windowed).matches.map { "\($0.ruleID)@\($0.range)" }
                let whole = scanner.scan(bytes, mode: .wholeText).matches.map { "\($0.ruleID)@\($0.range)" }
                #expect(windowed == whole, "\(dashes)\(name)")
                #expect(windowed.contains { $0.hasPrefix("cli_credential_flag@") }, "\(dashes)\(name)")
            }
        }
    }

    @Test("Notion tokens are tried only where the token or the escape before it starts, and found as the whole-text search finds them")
    func shippedNotionStarts() throws {
        let scanner = try #require(Shipped.scanner)
        let shapes = [
            "NOTION=ntn_\(Fake.chars(46, seed: 94))", "{\"log\":\"key:\\nntn_\(Fake.chars(46, seed: 95))\"}",
            "x\\tsecret_\(Fake.chars(43, seed: 96)) y", "a secret_\(Fake.chars(43, seed: 97))",
        ]
        for shape in shapes {
            let bytes = Array((shape + "\n").utf8)
            let windowed = scanner.scan(bytes, mode: .windowed).matches.map { "\($0.ruleID)@\($0.range)" }
            let whole = scanner.scan(bytes, mode: .wholeText).matches.map { "\($0.ruleID)@\($0.range)" }
            #expect(windowed == whole, "\(shape)")
            #expect(windowed.contains { $0.hasPrefix("notion_token@") }, "\(shape)")
        }
    }

    @Test("a keyword window starts at its line's start or 512 bytes back, whichever is later, for keywords in any order")
    func windowStartsEqualDefinition() {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<60 {
            // Lines from empty to over a thousand bytes long.
            let text: [UInt8] = (0..<(200 + next(4_000))).map { _ in next(round % 3 == 0 ? 900 : 40) == 0 ? 0x0A : 0x61 }
            var lines = LineStarts()
            var keyword = 0
            text.withUnsafeBufferPointer { buffer in
                for _ in 0..<80 {
                    // Mostly forward, sometimes a few bytes back (overlapping keywords).
                    keyword = max(0, min(text.count - 1, keyword + next(120) - (next(5) == 0 ? 130 : 0)))
                    var start = keyword
                    while start > max(0, keyword - SecretScanner.windowReach), text[start - 1] != 0x0A { start -= 1 }
                    #expect(lines.windowStart(buffer, keyword: keyword) == start, "round \(round) keyword \(keyword)")
                }
            }
        }
    }

    @Test("planning's lists keep their values across growth, are emptied between scans and reused by the next")
    func planLists() {
        let space = PlanSpace(rules: 3)
        for round in 0..<3 {
            space.clear()
            for value in 0..<(1_000 * (round + 1)) { space.openings.lists[1].append(value * 3) }
            space.windows.lists[2].append(5)
            space.windows.lists[2][0] = 7
            #expect(space.openings.lists[1].array == (0..<(1_000 * (round + 1))).map { $0 * 3 })
            #expect(space.windows.lists[2].array == [7])
            #expect(space.openings.lists[0].array.isEmpty && space.required.lists[1].count == 0)
        }
    }

    @Test("near_start also narrows the positions of a rule that keeps keyword windows; built by hand it refuses what the loader refuses")
    func nearOnWindowedRules() throws {
        let wrong = Self.rule(
            startsWith: ["acme_token", "acme.key"], keywords: ["acme_token"], near: "{bytes: '#', within: 40}", positive: Self.positive)
        let scanner = try SecretScanner(rules: try RuleLoader.yaml(wrong, source: "h.yaml"))
        #expect(scanner.points.only == [false])
        #expect(throws: RuleError.examplePositiveMissed(file: "h.yaml", rule: "acme_assignment", index: 0)) { try scanner.verifyExamples() }
        let right = Self.rule(
            startsWith: ["acme_token", "acme.key"], keywords: ["acme_token"], near: "{bytes: '=:', within: 24}", positive: Self.positive)
        try SecretScanner(rules: try RuleLoader.yaml(right, source: "h.yaml")).verifyExamples()
        #expect(NearStart(bytes: [], within: 4) == nil)
        #expect(NearStart(bytes: Array("=:;,!".utf8), within: 4) == nil)
        #expect(NearStart(bytes: [0x0A], within: 4) == nil)
        #expect(NearStart(bytes: [0x0D], within: 4) == nil)
        #expect(NearStart(bytes: [0xC3, 0xA9], within: 4) == nil)
        #expect(NearStart(bytes: Array("=".utf8), within: 0) == nil)
        #expect(NearStart(bytes: Array("=".utf8), within: 513) == nil)
        #expect(NearStart(bytes: Array("=:".utf8), within: 512)?.within == 512)
    }
}
