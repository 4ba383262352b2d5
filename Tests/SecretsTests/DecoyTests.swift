import CachedSecretsChecks
import GooseAuditCore
import GooseAuditTestSupport
import SecretEngine
import SecretRules
import SecretsChecks
import Testing

/// False-positive classes found on code-heavy repositories, each with a true-positive twin that
/// differs only in holding a literal credential, so a filter that swallows everything fails.
struct DecoyTests {
    /// The rule ids and severities of unsuppressed findings, `path:line rule severity`.
    static func found(_ files: [String: String]) throws -> [String] {
        try Shipped.scan(files).findings.filter { $0.suppression == nil }.map {
            "\($0.location.path):\($0.location.line ?? 0) \($0.ruleID) \($0.severity)"
        }.sorted()
    }

    static let secret = Fake.chars(32, seed: 901)

    /// A reference in each language, and its twin with a literal.
    static let references: [(file: String, reference: String, literal: String)] = [
        (
            "app/settings.py", "API_KEY = os.environ[\"SERVICE_API_KEY\"]\ntoken = os.getenv(\"SERVICE_TOKEN\")\n",
            "API_KEY = \"\(secret)\"\n"
        ),
        (
            "src/client.ts", "const apiKey = process.env.SERVICE_API_KEY ?? \"\";\nconst token = import.meta.env.VITE_SERVICE_TOKEN;\n",
            "const apiKey = \"\(secret)\";\n"
        ),
        ("cmd/main.go", "token := os.Getenv(\"SERVICE_TOKEN\")\napiKey := cfg.Auth.ServiceApiKey\n", "token := \"\(secret)\"\n"),
        ("lib/client.rb", "api_key = ENV[\"SERVICE_API_KEY\"]\ntoken = ENV.fetch(\"SERVICE_TOKEN\")\n", "api_key = '\(secret)'\n"),
        (
            "src/Main.java", "String apiToken = System.getenv(\"SERVICE_TOKEN\");\nString secret = config.getSecretValue();\n",
            "String apiToken = \"\(secret)\";\n"
        ),
        (
            "deploy.sh",
            "export API_TOKEN=$SERVICE_TOKEN\nexport API_KEY=\"${SERVICE_API_KEY}\"\nSECRET=$(vault kv get -field=v secret/app)\n",
            "export API_TOKEN=\(secret)\n"
        ),
        (
            "chart/values.yaml", "client_secret: {{ .Values.oauth.clientSecret }}\napi_key: \"{{ env \"SERVICE_API_KEY\" }}\"\n",
            "client_secret: \(secret)\n"
        ),
    ]

    @Test(
        "code and template references are never secrets (Python, TypeScript, Go, Ruby, Java, shell, templates); literals stay found",
        arguments: 0..<7)
    func codeReferences(index: Int) throws {
        let item = Self.references[index]
        #expect(try Self.found([item.file: item.reference]) == [], "\(item.file)")
        #expect(try Self.found([item.file: item.literal]).count == 1, "twin \(item.file)")
    }

    /// A secret read from the environment with a fallback literal, per language: `%@` is the fallback.
    static let fallbacks: [(file: String, line: String, decoys: [String])] = [
        ("src/client.ts", "const apiKey = process.env.SERVICE_API_KEY ?? \"%@\";\n", ["", "changeme", "<your-key>"]),
        ("src/auth.js", "const token = process.env.SERVICE_TOKEN || '%@';\n", ["dev", "xxxxxxxxxxxxxxxxxxxxxxxx", "your-token-here"]),
        ("app/settings.py", "API_KEY = os.getenv(\"SERVICE_API_KEY\", \"%@\")\n", ["", "changeme", "dev"]),
        ("app/config.py", "token = os.environ.get('SERVICE_TOKEN', '%@')\n", ["changeme", "xxxxxxxxxxxxxxxxxxxx", "<token>"]),
        ("lib/client.rb", "api_key = ENV.fetch(\"SERVICE_API_KEY\", \"%@\")\n", ["", "changeme", "dev"]),
        ("deploy.sh", "export API_TOKEN=\"${SERVICE_TOKEN:-%@}\"\n", ["", "changeme", "<your-key>"]),
        (
            "compose.yaml", "services:\n  app:\n    environment:\n      API_KEY: ${SERVICE_API_KEY:-%@}\n",
            ["changeme", "dev", "xxxxxxxxxxxxxxxx"]
        ),
        ("src/Main.java", "String password = System.getenv().getOrDefault(\"DB_PASSWORD\", \"%@\");\n", ["", "changeme", "dev"]),
    ]

    @Test(
        "a random fallback literal behind an environment read is a hard-coded secret; placeholder fallbacks stay silent", arguments: 0..<8)
    func fallbackLiterals(index: Int) throws {
        let item = Self.fallbacks[index]
        let line = item.line.split(separator: "\n").count
        let found = try Self.found([item.file: item.line.replacingOccurrences(of: "%@", with: Self.secret)])
        #expect(found == ["\(item.file):\(line) generic_secret_fallback medium"], "\(item.file)")
        for decoy in item.decoys {
            #expect(try Self.found([item.file: item.line.replacingOccurrences(of: "%@", with: decoy)]) == [], "\(item.file): \(decoy)")
        }
    }

    @Test("a hundred references to one variable are not one credential used in a hundred places")
    func referencesAreNeverReused() throws {
        var files: [String: String] = [:]
        for index in 0..<100 { files["src/m\(index).ts"] = "export const apiKey = process.env.SERVICE_API_KEY ?? \"\";\n" }
        #expect(try Self.found(files) == [])
    }

    @Test("only identical high-confidence values merge: one format token in three files is one finding, a generic value is three")
    func reuseMergesOnlyHighConfidence() throws {
        let token = Fake.github(seed: 902)
        let files = Dictionary(uniqueKeysWithValues: (0..<3).map { ("a\($0).txt", "GH=\(token)\npassword = \"\(Self.secret)\"\n") })
        let result = try Shipped.scan(files)
        #expect(result.findings.filter { $0.ruleID == "github_pat" }.count == 1)
        #expect(result.findings.first { $0.ruleID == "github_pat" }?.relatedLocations.count == 2)
        #expect(result.findings.filter { $0.ruleID == "generic_secret_assignment" }.count == 3)
    }

    @Test("an empty assignment never takes the next line as its value; a value on the same line is found")
    func emptyAssignments() throws {
        let decoy = "GITHUB_TOKEN=\nANTHROPIC_API_KEY=\nSERVICE_SECRET=\n\(Self.secret)\n"
        #expect(try Self.found(["deploy/defaults.sh": decoy]) == [])
        #expect(
            try Self.found(["deploy/defaults.sh": "GITHUB_TOKEN=\nSERVICE_SECRET=\(Self.secret)\n"]) == [
                "deploy/defaults.sh:2 generic_secret_assignment medium"
            ])
    }

    @Test("marker values say they are not real, whatever their shape; the same shape without the marker is found")
    func markerValues() throws {
        let random = Fake.chars(24, seed: 903)
        for marker in ["EXAMPLE", "DUMMY", "FAKE", "your_token_here", "<service-token>", "${SERVICE_TOKEN}", "xxxxxxxxxxxxxxxxxxxxxxxx"] {
            let value = marker.count >= 16 ? marker : random.prefix(16) + marker
            #expect(try Self.found(["conf/app.ini": "service_token = \(value)\n"]) == [], "\(marker)")
        }
        #expect(try Self.found(["conf/app.ini": "service_token = \(random)\n"]) == ["conf/app.ini:1 generic_secret_assignment medium"])
    }

    @Test("documentation tokens (AWS example keys, the jwt.io sample) are not reported; fresh tokens of the same format are")
    func documentationTokens() throws {
        let jwtIO =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
            + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        let docs =
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nAuthorization: Bearer \(jwtIO)\n"
        #expect(try Self.found(["docs/auth.md": docs]) == [])
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ" + Fake.chars(40, seed: 904) + "." + Fake.chars(43, seed: 905)
        let twin = "aws_access_key_id = \(Fake.awsKeyID(seed: 906))\nAuthorization: Bearer \(jwt)\n"
        #expect(try Self.found(["docs/auth.md": twin]).count == 2)
    }

    @Test("every allowlist entry has a reason and is dropped; a random value without it is not")
    func allowlistBothWays() throws {
        let list = Allowlist.builtIn
        let all = list.markers + list.fillers + list.documentedValues + list.documentedSegments + list.localDummies + list.references
        #expect(all.count >= 60)
        for entry in all {
            #expect(!entry.reason.isEmpty)
            let value = list.references.contains(entry) ? entry.text + "SERVICE_KEY" : Fake.chars(12, seed: 907) + entry.text
            let exact = list.documentedValues.contains(entry) || list.localDummies.contains(entry)
            #expect(Placeholder.matches(exact ? entry.text : value), "\(entry.text)")
        }
        #expect(!Placeholder.matches(Fake.chars(32, seed: 908)))
        #expect(!Placeholder.matches("sk-local-" + Fake.chars(40, seed: 909)), "a long random key that starts like a dummy is a key")
    }

    @Test("a local-server dummy key is not reported; a real provider key at the same place is high")
    func localDummies() throws {
        let dummy = "GOOSE_PROVIDER: openai\nOPENAI_HOST: http://localhost:8080\nOPENAI_API_KEY: sk-local\n"
        #expect(try Self.found(["config.yaml": dummy]) == [])
        #expect(try Self.found([".env": "OPENAI_API_KEY=sk-no-key-required\n"]) == [])
        let real = "OPENAI_API_KEY: \(Fake.openAI(seed: 910))\n"
        #expect(try Self.found(["config.yaml": real]) == ["config.yaml:1 openai_api_key high"])
    }
}

/// Issue 18, "secrets once": both secret modules share one compiled, self-tested rule set.
struct RulesOnceTests {
    @Test("the rule set is compiled and self-tested once per run, however many modules ask for it")
    func compiledOnce() throws {
        _ = try SecretsModule.makeChecks(ModuleConfiguration())
        _ = try CachedSecretsModule.makeChecks(ModuleConfiguration())
        _ = try SecretsModule.makeChecks(ModuleConfiguration())
        #expect(BuiltInRules.compilations(extraRuleFiles: []) == 1)
    }
}
