import Foundation
import GooseAuditCore
import SecretEngine
import SecretsChecks
import Testing

struct ShippedRuleTests {
    static let rules: [SecretRule] = (try? SecretsModule.builtInRules()) ?? []

    @Test("the shipped rule files load, compile and pass their own examples")
    func shippedRulesLoad() throws {
        let rules = try SecretsModule.builtInRules()
        #expect(rules.count >= 40)
        let scanner = try SecretScanner(rules: rules)
        try scanner.verifyExamples()
        for rule in rules {
            #expect(!rule.examples.truePositives.isEmpty, "\(rule.id) has no true positive")
            #expect(!rule.examples.falsePositives.isEmpty, "\(rule.id) has no false positive")
            #expect(!rule.keywords.isEmpty, "\(rule.id) has no keyword: it would run on every file")
        }
    }

    @Test("every true positive is found and every false positive is not, by the full rule set", arguments: rules)
    func examples(_ rule: SecretRule) throws {
        let scanner = try #require(Shipped.scanner)
        for (index, text) in rule.examples.truePositives.enumerated() {
            let found = scanner.scan(Array(text.utf8)).matches
            #expect(found.contains { $0.ruleID == rule.id }, "true_positives[\(index)] of \(rule.id) not found")
        }
        for (index, text) in rule.examples.falsePositives.enumerated() {
            let found = scanner.scan(Array(text.utf8)).matches
            #expect(found.isEmpty, "false_positives[\(index)] of \(rule.id) reported as \(found.map(\.ruleID))")
        }
    }

    @Test("the coverage the brief asks for is there")
    func coverage() {
        let ids = Set(Self.rules.map(\.id))
        for id in [
            "openai_api_key", "anthropic_api_key", "anthropic_admin_api_key", "google_api_key", "azure_openai_api_key", "groq_api_key",
            "xai_api_key", "openrouter_api_key", "mistral_api_key", "deepseek_api_key", "perplexity_api_key", "databricks_token",
            "snowflake_token", "litellm_api_key", "venice_api_key", "tetrate_api_key", "ovhcloud_api_key", "huggingface_token",
            "aws_access_key_id", "aws_secret_access_key", "aws_bedrock_api_key", "github_pat", "github_oauth_token", "github_app_token",
            "github_refresh_token", "github_fine_grained_pat", "gitlab_pat", "slack_token", "slack_webhook_url", "atlassian_api_token",
            "notion_token", "linear_api_key", "sentry_token", "npm_access_token", "pypi_upload_token", "stripe_secret_key",
            "langfuse_secret_key", "telegram_bot_token", "jwt", "private_key", "url_credentials", "authorization_header",
            "generic_secret_assignment",
        ] {
            #expect(ids.contains(id), "missing rule \(id)")
        }
    }

    @Test("every shipped pattern stays under the PCRE2 limits and runs in linear time on adversarial input")
    func adversarialInput() throws {
        let scanner = try #require(Shipped.scanner)
        // Keyword-dense, separator-dense lines that make lazy, bounded quantifiers work hardest.
        let keywords = Self.rules.flatMap(\.keywords).joined(separator: "=")
        let hostile: [String] = [
            String(repeating: "api_key=token=secret=", count: 4000),
            String(repeating: keywords + " ", count: 200),
            String(repeating: "a", count: 200_000) + "=",
            String(repeating: "-----BEGIN RSA PRIVATE KEY-----\n" + String(repeating: "A", count: 70) + "\n", count: 500),
            String(repeating: "eyJ" + String(repeating: "a", count: 50) + ".", count: 3000),
            String(repeating: "x://u:p@", count: 20000),
            String(repeating: "Authorization: Bearer ", count: 8000),
        ]
        for (index, text) in hostile.enumerated() {
            let bytes = Array(text.utf8)
            let clock = ContinuousClock()
            var outcome = SecretScanOutcome()
            let elapsed = clock.measure { outcome = scanner.scan(bytes) }
            #expect(outcome.limitHits == 0, "input \(index): \(outcome.limitHits) match attempts hit the PCRE2 limit")
            // Debug builds are slow; a super-linear pattern takes minutes on these inputs, not seconds.
            #expect(elapsed < Duration.seconds(20), "input \(index) (\(bytes.count) bytes) took \(String(describing: elapsed))")
        }
    }
}

struct RuleLoaderTests {
    static let good = """
        rules:
          - id: acme_token
            title: Acme token
            pattern: '\\b(acme_[a-z0-9]{24})\\b'
            keywords: [acme_]
            min_entropy: 3
            examples:
              true_positives: ['ACME=acme_q8w7e6r5t4y3u2i1o9p0a8s7']
              false_positives: ['ACME=acme_short']
        """

    @Test("a YAML rule file loads with every field")
    func loadsYAML() throws {
        let rules = try RuleLoader.yaml(Self.good, source: "acme.yaml")
        #expect(rules.count == 1)
        #expect(rules[0].id == "acme_token")
        #expect(rules[0].keywords == ["acme_"])
        #expect(rules[0].minEntropy == 3)
        #expect(rules[0].severity == .high)
        try SecretScanner(rules: rules).verifyExamples()
    }

    @Test("a failing example is a load error naming the file, rule and example index")
    func failingExample() throws {
        let broken = Self.good.replacingOccurrences(of: "['ACME=acme_short']", with: "['ok', 'ACME=acme_q8w7e6r5t4y3u2i1o9p0a8s7']")
        let rules = try RuleLoader.yaml(broken, source: "acme.yaml")
        #expect(throws: RuleError.exampleNegativeMatched(file: "acme.yaml", rule: "acme_token", index: 1)) {
            try SecretScanner(rules: rules).verifyExamples()
        }
        let missed = Self.good.replacingOccurrences(of: "acme_q8w7e6r5t4y3u2i1o9p0a8s7", with: "acme_q8w7")
        #expect(throws: RuleError.examplePositiveMissed(file: "acme.yaml", rule: "acme_token", index: 0)) {
            try SecretScanner(rules: try RuleLoader.yaml(missed, source: "acme.yaml")).verifyExamples()
        }
        #expect(
            RuleError.examplePositiveMissed(file: "acme.yaml", rule: "acme_token", index: 0).description
                == "acme.yaml: rule acme_token: examples.true_positives[0] is not found by the rule")
    }

    @Test("unsafe, non-compiling and mistyped rules are refused with precise errors")
    func refusesBadRules() throws {
        func load(_ pattern: String) throws {
            _ = try SecretScanner(rules: [SecretRule(id: "bad", title: "Bad", pattern: pattern, keywords: ["x"], source: "bad.yaml")])
        }
        for pattern in ["(a+)+b", "(a+){2,9}b", "(?:\\w*x)*y", "(a)\\1", "(?<=k)v", "(?=x)y", "(?>a+)b", "a(?R)?b", "(?:[a-z]{2,})+"] {
            #expect(throws: RuleError.self, "\(pattern) should be refused") { try load(pattern) }
        }
        for pattern in ["(?i)(?:a|b){0,5}?c", "(?:ab+)?c", "[\\w.-]{0,50}?(?i:key)", "(?-i:[Aa]pi)x", "(?P<name>x)\\z", "[[:alnum:]]{3}"] {
            #expect(throws: Never.self, "\(pattern) should be accepted") { try load(pattern) }
        }
        do {
            try load("x[z-a]")
            Issue.record("a range out of order compiled")
        } catch {
            #expect("\(error)".hasPrefix("bad.yaml: rule bad: pattern does not compile at offset 4: range out of order"), "\(error)")
        }
        let typo = Self.good.replacingOccurrences(of: "min_entropy: 3", with: "min_entropy: high")
        #expect(
            throws: RuleError.invalidField(
                file: "t.yaml", rule: "acme_token", field: "min_entropy", expected: "a number from 0 to 8 (bits per byte)", found: "'high'")
        ) {
            _ = try RuleLoader.yaml(typo, source: "t.yaml")
        }
        let unknown = Self.good.replacingOccurrences(of: "min_entropy: 3", with: "entropy: 3")
        #expect(throws: RuleError.self) { _ = try RuleLoader.yaml(unknown, source: "t.yaml") }
        let duplicate = try RuleLoader.yaml(Self.good, source: "a.yaml") + RuleLoader.yaml(Self.good, source: "b.yaml")
        #expect(throws: RuleError.duplicateID(file: "b.yaml", rule: "acme_token", firstFile: "a.yaml")) {
            _ = try SecretScanner(rules: duplicate)
        }
    }

    @Test("a gitleaks TOML file imports its rules, keywords and allowlists")
    func gitleaksImport() throws {
        let toml = #"""
            title = "custom"
            [extend]
            useDefault = true

            # a rule in gitleaks' style
            [[rules]]
            id = "acme-api-token"
            description = "Acme API token"
            regex = '''\b(acme_[a-z0-9]{24})(?:[\x60'"\s;]|\\[nr]|$)'''
            secretGroup = 1
            entropy = 3.0
            keywords = [
                "acme_",   # prefix
            ]
            [rules.allowlist]
            regexes = ['''^acme_0+$''']
            stopwords = ["sample"]

            [[rules]]
            id = "pkcs12-file"
            path = '''(?i)\.p(?:12|fx)$'''

            [[rules]]
            id = "basic"
            description = "Basic \"quoted\" \u0041"
            regex = "x\\d{3}y"
            keywords = ["x"]
            """#
        let rules = try GitleaksImport.rules(toml, source: "g.toml")
        #expect(rules.map(\.id) == ["gitleaks_acme_api_token", "gitleaks_basic"])
        #expect(rules[0].pattern == #"\b(acme_[a-z0-9]{24})(?:[\x60'"\s;]|\\[nr]|$)"#)
        #expect(rules[0].secretGroup == 1 && rules[0].minEntropy == 3.0 && rules[0].keywords == ["acme_"])
        #expect(rules[0].allowPatterns == ["^acme_0+$"] && rules[0].stopWords == ["sample"])
        #expect(rules[1].title == "Basic \"quoted\" A" && rules[1].pattern == #"x\d{3}y"#)
        let scanner = try SecretScanner(rules: rules)
        let text = "token acme_q8w7e6r5t4y3u2i1o9p0a8s7\nacme_000000000000000000000000\n"
        #expect(scanner.scan(Array(text.utf8)).matches.map(\.line) == [1])
        #expect(throws: RuleError.syntax(file: "g.toml", line: 2, message: "unterminated string")) {
            _ = try GitleaksImport.rules("[[rules]]\nid = \"x\n", source: "g.toml")
        }
    }

    @Test("load(file:) picks the format by extension and names unreadable files")
    func loadFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = directory.appendingPathComponent("acme.yaml")
        try Data(Self.good.utf8).write(to: yaml)
        #expect(try RuleLoader.load(file: yaml.path).map(\.id) == ["acme_token"])
        let toml = directory.appendingPathComponent("acme.toml")
        try Data("[[rules]]\nid = \"a\"\nregex = 'a{3}'\n".utf8).write(to: toml)
        #expect(try RuleLoader.load(file: toml.path).map(\.id) == ["gitleaks_a"])
        #expect(throws: RuleError.self) { _ = try RuleLoader.load(file: directory.appendingPathComponent("missing.yaml").path) }
    }
}
