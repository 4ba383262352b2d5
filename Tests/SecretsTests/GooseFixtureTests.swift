import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// The secrets modules on goose files with planted credentials (`GooseFixtures`).
struct GooseFixtureTests {
    @Test("config.yaml: envs, headers, top-level keys and a commented-out key; env_keys and references are not findings")
    func config() throws {
        let result = try Shipped.scan(["config.yaml": GooseFixtures.config])
        #expect(
            result.summary == [
                "config.yaml:14:37#extensions.github.envs.GITHUB_PERSONAL_ACCESS_TOKEN github_pat",
                "config.yaml:24:29#extensions.tickets.headers.Authorization authorization_header",
                "config.yaml:28:53 openai_api_key",
                "config.yaml:3:20#ANTHROPIC_API_KEY anthropic_api_key",
                "config.yaml:4:27#GOOSE_SERVER__SECRET_KEY secret_in_goose_setting",
            ])
        let github = try #require(result.findings.first { $0.ruleID == "github_pat" })
        #expect(
            github.message
                == "GitHub personal access token written in clear in goose configuration at extensions.github.envs.GITHUB_PERSONAL_ACCESS_TOKEN"
        )
        let commented = try #require(result.findings.first { $0.ruleID == "openai_api_key" })
        #expect(commented.message == "OpenAI API key written in clear in goose configuration in a commented-out line (still on disk)")
        #expect(github.evidence.isSecret)
        #expect(github.evidence.text == "GitHub personal access token ghp_…(40 chars)")
        #expect(result.notices.isEmpty, "\(result.notices)")
    }

    @Test("secrets.yaml: every stored credential is reported, OAuth bookkeeping is not; exposure is left to the ranking")
    func secretsFile() throws {
        let owner = try Shipped.scan(["secrets.yaml": GooseFixtures.secrets], mode: 0o600)
        #expect(
            owner.summary == [
                "secrets.yaml:1:20#ANTHROPIC_API_KEY secret_in_plaintext_store",
                "secrets.yaml:2:31#GITHUB_PERSONAL_ACCESS_TOKEN secret_in_plaintext_store",
                "secrets.yaml:6:19#oauth_creds_tickets.token_response.access_token secret_in_plaintext_store",
                "secrets.yaml:8:20#oauth_creds_tickets.token_response.refresh_token secret_in_plaintext_store",
            ])
        #expect(owner.findings.allSatisfy { $0.severity == .medium })
        let anthropic = try #require(owner.findings.first { $0.location.line == 1 })
        #expect(anthropic.message == "Anthropic API key stored in plaintext in secrets.yaml at ANTHROPIC_API_KEY")
        let shared = try Shipped.scan(["secrets.yaml": GooseFixtures.secrets], mode: 0o644)
        #expect(
            shared.findings.count == 4 && shared.findings.allSatisfy { $0.severity == .medium && $0.exposure?.isReadableByOthers == true })
    }

    @Test("recipes: instructions text, a secret parameter default and extension envs")
    func recipe() throws {
        let result = try Shipped.scan(["recipes/release.yaml": GooseFixtures.recipe])
        #expect(
            result.summary == [
                "recipes/release.yaml:16:14#parameters[1].default secret_in_goose_setting",
                "recipes/release.yaml:23:24#extensions[0].envs.SLACK_BOT_TOKEN slack_token",
                "recipes/release.yaml:6:23#instructions npm_access_token",
            ])
    }

    @Test("custom providers: a literal header value; api_key_env names are not findings")
    func customProvider() throws {
        let result = try Shipped.scan(["custom_providers/acme.json": GooseFixtures.provider])
        #expect(result.summary == ["custom_providers/acme.json:8:19#headers.X-Acme-Key secret_in_goose_setting"])
    }

    @Test(".env: export, quotes, inline comments, CRLF and a commented-out key")
    func envFile() throws {
        let result = try Shipped.scan([".env": GooseFixtures.env])
        #expect(
            result.summary == [
                ".env:2:24#OPENAI_API_KEY openai_api_key",
                ".env:3:15#GROQ_API_KEY groq_api_key",
                ".env:4:13#DB_PASSWORD secret_in_goose_setting",
                ".env:5:21 aws_access_key_id",
            ])
    }

    @Test("one credential in several places is one finding listing every place")
    func reuse() throws {
        let result = try Shipped.scan(GooseFixtures.tree)
        let anthropic = result.findings.filter {
            $0.evidence.digest == Evidence.secret(GooseFixtures.anthropic, label: nil, publicPrefix: nil).digest
        }
        #expect(anthropic.count == 1)
        let finding = try #require(anthropic.first)
        #expect(finding.ruleID == "anthropic_api_key" && finding.location.path == "config.yaml" && finding.location.line == 3)
        #expect(finding.relatedLocations.map(\.display) == ["secrets.yaml:1:20"])
        #expect(finding.message.hasSuffix("; the same value is also in 1 other place"))
        // config 5, secrets.yaml 4, recipe 3, provider 1, .env 4, less the one reused value.
        #expect(result.findings.count == 5 + 4 + 3 + 1 + 4 - 1)
    }

    @Test("decoys: references, placeholders, documented examples, lock files, hashes, UUIDs and public keys")
    func decoys() throws {
        let sha = Fake.chars(40, Fake.hex, seed: 90)
        let files: [String: String] = [
            "config.yaml": """
            OPENAI_API_KEY: sk-proj-your-key-here
            ANTHROPIC_API_KEY: ${ANTHROPIC_API_KEY}
            GOOSE_SERVER__SECRET_KEY: changeme
            GOOSE_MAX_TOKENS: 8192
            extensions:
              github:
                type: stdio
                cmd: npx
                env_keys: [GITHUB_PERSONAL_ACCESS_TOKEN]
                envs:
                  GITHUB_TOKEN: $GITHUB_TOKEN
                  AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
                  API_KEY: <your-key>
                  OTHER_KEY: your_api_key_here
                  FILLER_TOKEN: aaaaaaaaaaaaaaaaaaaa
                  SESSION_ID: 3f2a9c1e-7b4d-4e8f-9a0b-1c2d3e4f5a6b
                  SERVICE_URL: https://api.service.internal/v2/\(Fake.chars(12, seed: 91))
                  SOME_TOKEN: sk-xxxxxxxxxxxxxxxxxxxxxxxx
                headers:
                  Authorization: Bearer ${TICKETS_TOKEN}
                  Content-Type: application/json

            """,
            "package-lock.json":
                "{\"packages\": {\"node_modules/a\": {\"integrity\": \"sha512-\(Fake.chars(86, seed: 92))==\", \"token\": \"\(Fake.opaque(seed: 93))\"}}}\n",
            "Cargo.lock": "[[package]]\nname = \"a\"\nchecksum = \"\(Fake.chars(64, Fake.hex, seed: 94))\"\n",
            "poetry.lock": "[metadata]\ncontent-hash = \"\(Fake.chars(64, Fake.hex, seed: 95))\"\n",
            "NOTES.md": """
            Fixed in commit \(sha) (see \(String(sha.prefix(12)))).
            Run id 3f2a9c1e-7b4d-4e8f-9a0b-1c2d3e4f5a6b.
            ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\(Fake.chars(43, seed: 96)) ops@bastion
            -----BEGIN PUBLIC KEY-----
            MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\(Fake.chars(20, seed: 97))
            -----END PUBLIC KEY-----
            The OpenAI key looks like sk-proj-... and lives in the keyring.

            """,
            ".env.example": "OPENAI_API_KEY=sk-proj-your-key-here\nAPI_TOKEN=changeme\nDATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n",
            ".github/workflows/ci.yml":
                "jobs:\n  test:\n    env:\n      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n      GOOSE_PROVIDER__API_KEY: ${{ secrets.KEY }}\n",
        ]
        let result = try Shipped.scan(files)
        #expect(result.summary == [])
        #expect(result.notices.isEmpty, "\(result.notices)")
    }

    @Test("goose-audit:ignore with a rule id and a reason suppresses a secret finding")
    func inlineSuppression() throws {
        let token = Fake.github(seed: 100)
        let text = """
            extensions:
              github:
                envs:
                  # goose-audit:ignore github_pat revoked on 2026-11-01, kept for the incident write-up
                  GITHUB_TOKEN: \(token)
                  OTHER: \(Fake.github(seed: 101))

            """
        let result = try Shipped.scan(["config.yaml": text])
        let suppressed = result.findings.filter { $0.suppression != nil }
        #expect(suppressed.count == 1)
        #expect(suppressed.first?.location.line == 5)
        #expect(suppressed.first?.suppression?.reason == "revoked on 2026-11-01, kept for the incident write-up")
        #expect(result.summary == ["config.yaml:6:14#extensions.github.envs.OTHER github_pat"])
    }

    @Test("token caches, hints, memory and CI workflows are searched too, with key paths where they have structure")
    func otherGooseFiles() throws {
        let copilot = Fake.chars(40, seed: 130)
        let hint = Fake.github(seed: 131)
        let memory = Fake.anthropic(seed: 132)
        let ci = Fake.opaque(seed: 133)
        let result = try Shipped.scan([
            ".config/goose/githubcopilot/info.json": "{\n  \"token\": \"\(copilot)\",\n  \"expires_at\": 1790000000\n}\n",
            ".goosehints": "Use the bot account.\nIts token is \(hint) (do not share).\n",
            ".goose/memory/project.txt": "# notes\nanthropic key for staging: \(memory)\n",
            ".github/workflows/ci.yml": "jobs:\n  test:\n    env:\n      SERVICE_TOKEN: \(ci)\n",
        ])
        #expect(
            result.summary == [
                ".config/goose/githubcopilot/info.json:2:12#token secret_in_goose_setting",
                ".github/workflows/ci.yml:4:22#jobs.test.env.SERVICE_TOKEN generic_secret_assignment",
                ".goose/memory/project.txt:2:28 anthropic_api_key",
                ".goosehints:2:14 github_pat",
            ])
    }

    @Test("a file over the size cap is scanned up to the cap and named in one notice")
    func truncatedFile() throws {
        let tree = try FixtureTree("secrets-large")
        let token = Fake.github(seed: 140)
        _ = try tree.file("notes.txt", "token \(token)\n" + String(repeating: "filler line\n", count: 2000))
        let result = CheckRunner.scan(Shipped.checks, root: tree.root) { $0.maxFileBytes = 4096 }
        #expect(result.summary == ["notes.txt:1:7 github_pat"])
        #expect(result.notices.filter { $0.kind == .tooLarge }.count == 1, "\(result.notices)")
    }

    @Test("a rule disabled by id reports nothing; the other rules still run")
    func disabledRule() throws {
        let tree = try FixtureTree("secrets-disabled")
        _ = try tree.file(".env", GooseFixtures.env)
        let result = CheckRunner.scan(Shipped.checks, root: tree.root) { $0.disabledChecks = ["aws_access_key_id"] }
        #expect(
            result.summary == [
                ".env:2:24#OPENAI_API_KEY openai_api_key", ".env:3:15#GROQ_API_KEY groq_api_key",
                ".env:4:13#DB_PASSWORD secret_in_goose_setting",
            ])
    }

    @Test("inline suppression works in a CRLF .env file")
    func suppressionWithCRLF() throws {
        let token = Fake.github(seed: 160)
        let text = "# goose-audit:ignore github_pat shared demo bot, read-only\r\nGITHUB_TOKEN=\(token)\r\n"
        let result = try Shipped.scan([".env": text])
        #expect(result.summary == [])
        #expect(result.findings.first?.suppression?.reason == "shared demo bot, read-only")
    }

    @Test("this repository scans clean: rule examples and fixture values are suppressed, code is not mistaken for secrets")
    func repositoryIsClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        // Generated check pages reproduce the rule examples, which carry their suppressions in the rule files.
        let result = CheckRunner.scan(Shipped.checks, root: root.path) { $0.excludes = ["docs/checks/**"] }
        #expect(result.summary == [])
        #expect(result.findings.count >= 40, "the shipped rule examples should show up as suppressed findings")
    }
}
