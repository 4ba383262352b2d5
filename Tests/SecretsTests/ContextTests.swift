import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import SecretEngine
import Testing

/// Where a secret sits decides its finding and severity; escaped text, log lines and command lines
/// are searched; evidence shows nothing of a generic secret.
struct ContextTests {
    static let secret = Fake.chars(30, seed: 920)

    @Test("the README's headline case: a literal under extensions.X.envs named *TOKEN* is the goose-position finding at high")
    func envsLiteralIsPositional() throws {
        let config =
            "extensions:\n  tickets:\n    type: stdio\n    cmd: tickets-mcp\n    envs:\n      TICKETS_TOKEN: \(Self.secret)\n      TICKETS_SECRET: \"\(Fake.chars(24, seed: 921))\"\n"
        let result = try Shipped.scan(["config.yaml": config])
        #expect(result.findings.map(\.ruleID) == ["secret_in_goose_setting", "secret_in_goose_setting"])
        #expect(result.findings.allSatisfy { $0.severity == .high })
    }

    @Test("the default gate (--fail-on high) fails on the headline case")
    func defaultGateFails() throws {
        let tree = try FixtureTree("headline-gate")
        _ = try tree.file("repo/.goose/config.yaml", "extensions:\n  tickets:\n    envs:\n      TICKETS_TOKEN: \(Self.secret)\n")
        let result = try Binary.run(["scan", "--installation", tree.path("repo"), "--format", "json"], home: tree.root)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("secret_in_goose_setting"))
        #expect(!result.stdout.contains(Self.secret))
    }

    @Test("JSON-escaped strings and Rust Debug output inside JSON log lines are searched")
    func escapedContexts() throws {
        let hf = "hf_" + Fake.chars(34, seed: 922)
        let lines = [
            "{\"body\": \"{\\\"HF_TOKEN\\\": \\\"\(hf)\\\"}\"}",
            "{\"fields\":{\"message\":\"config loaded: Config { api_key: \\\"\(Self.secret)\\\", retries: 3 }\"}}",
            "{\"fields\":{\"message\":\"oauth: Token { refresh_token: Some(\\\"\(Fake.chars(36, seed: 923))\\\") }\"}}",
            "{\"msg\":\"line one\\n\(Fake.github(seed: 924))\\nline three\"}",
        ]
        let found = try DecoyTests.found(["logs/app.jsonl": lines.joined(separator: "\n") + "\n"])
        #expect(
            found == [
                "logs/app.jsonl:1 huggingface_token high", "logs/app.jsonl:2 generic_secret_assignment medium",
                "logs/app.jsonl:3 generic_secret_assignment high", "logs/app.jsonl:4 github_pat high",
            ])
    }

    @Test("credentials passed as command-line arguments, opaque UUID and hex values included; expansions are not")
    func commandLineArguments() throws {
        let uuid = UUID().uuidString.lowercased()
        let hex = Fake.chars(40, Fake.hex, seed: 925)
        let script = """
            llm chat --api-key \(Self.secret) --model small
            tickets-mcp --token=\(uuid)
            curl -H 'Authorization: Bearer \(Fake.chars(28, seed: 926))' https://api.internal/v1
            sync --secret \(hex)

            """
        #expect(
            try DecoyTests.found(["scripts/run.sh": script]).map { $0.split(separator: " ")[1] } == [
                "cli_credential_flag", "cli_credential_flag", "authorization_header", "cli_credential_flag",
            ])
        let decoys =
            "llm chat --api-key \"$OPENAI_API_KEY\"\ntickets-mcp --token=${TICKETS_TOKEN}\ncurl -H \"Authorization: Bearer $(gh auth token)\" x\nssh --key-file ~/.ssh/id\n"
        #expect(try DecoyTests.found(["scripts/run.sh": decoys]) == [])
    }

    @Test("severity by what a secret opens: OAuth client secrets and refresh tokens are high, other generic values medium")
    func severityByImpact() throws {
        let text =
            "client_secret = \"\(Fake.chars(40, seed: 927))\"\nREFRESH_TOKEN=\(Fake.chars(44, seed: 928))\nsession_token: \(Fake.chars(32, seed: 929))\n"
        #expect(
            try DecoyTests.found(["app/oauth.cfg": text]) == [
                "app/oauth.cfg:1 generic_secret_assignment high", "app/oauth.cfg:2 generic_secret_assignment high",
                "app/oauth.cfg:3 generic_secret_assignment medium",
            ])
    }

    @Test("evidence shows a known format's public prefix, length and digest, and nothing of a generic secret")
    func evidenceRedaction() throws {
        let token = Fake.github(seed: 930)
        let key = Fake.openAI(seed: 931)
        let result = try Shipped.scan(["notes.txt": "GH=\(token)\nOPENAI=\(key)\npassword = \(Self.secret)\n"])
        let texts = result.findings.sorted { ($0.location.line ?? 0) < ($1.location.line ?? 0) }.map(\.evidence.text)
        #expect(
            texts == [
                "GitHub personal access token ghp_…(40 chars)", "OpenAI API key sk-proj-…(96 chars)",
                "Hard-coded secret assignment …(30 chars)",
            ])
        #expect(result.findings.allSatisfy { $0.evidence.shortDigest.count == 12 })
        #expect(Redaction.preview("ghp_abc", publicPrefix: "ghp_") == "…(7 chars)", "a prefix never shows more than half")
    }
}
