import SecretEngine
import Testing

@testable import SecretsChecks

/// Which key names and literal values count as credentials at goose's credential positions.
struct PositionTests {
    @Test(
        "secret-looking names, and names that only look like them",
        arguments: [
            ("GITHUB_PERSONAL_ACCESS_TOKEN", true), ("x-api-key", true), ("Authorization", true), ("GOOSE_SERVER__SECRET_KEY", true),
            ("OPENAI_CUSTOM_HEADERS", true), ("db_password", true), ("CUSTOM_ACME_API_KEY", true), ("client_secret", true),
            ("GOOSE_MAX_TOKENS", false), ("api_key_env", false), ("env_keys", false), ("TOKEN_LIMIT", false),
            ("LANGFUSE_PUBLIC_KEY", false),
            ("GITHUB_API_URL", false), ("author", false), ("token_type", false), ("AWS_ACCESS_KEY_ID", false), ("model", false),
        ])
    func names(_ name: String, _ expected: Bool) {
        #expect(SecretPositions.isSecretName(name) == expected)
    }

    @Test("literal credentials versus references, placeholders, names, URLs, paths and UUIDs")
    func values() {
        let opaque = Fake.opaque(seed: 150)
        #expect(SecretPositions.credential(in: opaque, secretNamed: false) == opaque)
        #expect(SecretPositions.credential(in: "Bearer \(opaque)", secretNamed: true) == opaque)
        #expect(SecretPositions.credential(in: "s3cr3t-Pa55w0rd", secretNamed: true) == "s3cr3t-Pa55w0rd")
        for decoy in [
            "${GITHUB_TOKEN}", "$GITHUB_TOKEN", "{{ secrets.token }}", "<your-key>", "changeme", "your_api_key_here", "sk-xxxxxxxxxxxxxxxx",
            "aaaaaaaaaaaaaaaa", "GITHUB_TOKEN", "https://api.github.com/v3", "/run/secrets/token", "~/.config/goose/key",
            "3f2a9c1e-7b4d-4e8f-9a0b-1c2d3e4f5a6b", "password", "short", "8192", "not a token at all",
        ] {
            #expect(SecretPositions.credential(in: decoy, secretNamed: true) == nil, "\(decoy)")
        }
        // Outside a secret-named key, only long, mixed, high-entropy values count; hex digests do not.
        #expect(SecretPositions.credential(in: "s3cr3t-Pa55w0rd", secretNamed: false) == nil)
        #expect(SecretPositions.credential(in: Fake.chars(40, Fake.hex, seed: 151), secretNamed: false) == nil)
        #expect(
            SecretPositions.credential(in: "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t" + Fake.chars(600, seed: 152), secretNamed: false) == nil)
    }
}

struct ReferenceHeuristicTests {
    @Test("secret-manager references and plain file paths are names of secrets, not secrets")
    func referencesAndPaths() {
        for reference in [
            "vault:secret/data/app#session", "op://Private/Github/token", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db",
            "ref+sops://secrets.yaml#/db/password", "/run/secrets/db_password", "~/.config/goose/token", "./secrets/api.key",
        ] {
            #expect(Placeholder.matches(reference), "\(reference)")
        }
    }

    @Test("a key that starts with a slash, a URL with credentials and a one-component path stay candidates")
    func notReferences() {
        let base64Key = "/K7MDENG" + "bPxRfiCYq2Zr9" + "/wJalrXUtnFEM" + "+Qz81Lp0"
        let urlWithPassword = "https://user:" + "pa55w0rd" + "@host/x"
        for value in [base64Key, urlWithPassword, "/token"] {
            #expect(!Placeholder.matches(value), "\(value)")
        }
    }
}
