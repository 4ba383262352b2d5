import GooseAuditCore
import Testing

/// Issue 21 point 6: names that are secrets. These hold with and without the secrets module's detector
/// installed (other suites in the same process install it), so they exercise what both agree on.
struct SecretNamesTests {
    /// A random token of no known format (fake): mixed case and digits, high entropy.
    static let token = "Qm7vX2pL9tRk4ZsW8yHc3NdJ6fGb1TaE5uVw0"  // goose-audit:ignore * fake token for the name tests

    /// Names goose itself writes, goose's settings and extension names, and the other plain names of a
    /// configuration repository are never taken for secrets.
    @Test(arguments: [
        "github", "developer", "computercontroller", "OPENAI_API_KEY", "GITHUB_PERSONAL_ACCESS_TOKEN", "GOOSE_PROVIDER__API_KEY",
        "extensions.github.envs.GITHUB_TOKEN", "mcp-server-github", "@modelcontextprotocol/server-github",
        "20250605_143012.jsonl", "20250605_1", "llm_request.0.jsonl", "llm_request.550e8400-e29b-41d4-a716-446655440000.jsonl",
        "diagnostics_20250605_143012.zip", "550E8400-E29B-41D4-A716-446655440000", "sessions.db-wal",
        "8e5e7e5ab8b370d6c329ec480221332ada57f0ab", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ".config/goose/custom_providers/openrouter-backup.json", "ApplicationInsightsConnector2", "GooseV1Beta2Config3",
        "https://api.githubcopilot.com/mcp/", "credential written in clear in goose configuration at extensions.github.envs.GITHUB_TOKEN",
    ])
    func ordinaryNamesAreUntouched(_ name: String) {
        #expect(!SecretNames.isSecret(name), "\(name)")
        #expect(SecretNames.redact(name) == name)
    }

    @Test func aRandomTokenIsRedactedWherePartOfAName() throws {
        let shown = SecretNames.redact(Self.token)
        #expect(!shown.contains(Self.token) && !shown.contains(Self.token.prefix(8)))
        #expect(shown.hasPrefix("…(\(Self.token.count) chars #"), "\(shown)")
        // The same form in a path, a key path and a message; unchanged when redacted again.
        #expect(SecretNames.redact("repo/\(Self.token)/config.yaml") == "repo/\(shown)/config.yaml")
        #expect(SecretNames.redact("extensions.\(Self.token).envs.TOKEN") == "extensions.\(shown).envs.TOKEN")
        #expect(SecretNames.redact("notes/\(Self.token).txt") == "notes/\(shown).txt")
        #expect(
            SecretNames.redact("symlink not followed (points to /opt/\(Self.token))") == "symlink not followed (points to /opt/\(shown))")
        #expect(SecretNames.redact(shown) == shown)
    }

    @Test func locationsNoticesAndFactsAreRedactedWhereBuilt() {
        let location = Location(root: "repo", path: "a/\(Self.token)", line: 3, keyPath: "extensions.\(Self.token)")
        #expect(!location.path.contains(Self.token) && !(location.keyPath ?? "").contains(Self.token))
        let notice = Notice(kind: .symlink, path: "/x/\(Self.token)", message: "symlink not followed (points to \(Self.token))")
        #expect(!notice.path.contains(Self.token) && !notice.message.contains(Self.token))
        let fact = Evidence.fact("→ \(Self.token)")
        #expect(!fact.text.contains(Self.token) && fact.digest == Evidence.fact(fact.text).digest)
        // Ordinary ones are left as they are.
        #expect(Location(root: "repo", path: "a/config.yaml", keyPath: "extensions.github").keyPath == "extensions.github")
        #expect(Evidence.fact("mode 0644").text == "mode 0644")
    }
}
