/// goose files with planted credentials: exact lines, key paths and rule ids.
enum GooseFixtures {
    static let anthropic = Fake.anthropic(seed: 40)
    static let github = Fake.github(seed: 41)
    static let serverSecret = Fake.opaque(seed: 42)
    static let bearer = Fake.chars(40, seed: 43)
    static let oldOpenAI = Fake.openAI(seed: 44)

    static let config = """
        GOOSE_PROVIDER: anthropic
        GOOSE_MODEL: claude-sonnet-4
        ANTHROPIC_API_KEY: \(anthropic)
        GOOSE_SERVER__SECRET_KEY: \(serverSecret)
        GOOSE_MAX_TOKENS: 8192
        extensions:
          github:
            enabled: true
            type: stdio
            name: github
            cmd: npx
            args: ["-y", "@modelcontextprotocol/server-github"]
            envs:
              GITHUB_PERSONAL_ACCESS_TOKEN: \(github)
              GITHUB_API_URL: https://api.github.com
            env_keys:
              - GITHUB_TOKEN
            timeout: 300
          tickets:
            enabled: true
            type: streamable_http
            uri: https://mcp.tickets.internal/mcp
            headers:
              Authorization: Bearer \(bearer)
              X-Org: acme
              X-Api-Key: ${TICKETS_KEY}
            env_keys: [TICKETS_KEY]
        # old provider, kept for reference: OPENAI_API_KEY: \(oldOpenAI)

        """

    static let storedGitHub = Fake.github(seed: 50)
    static let accessToken = Fake.chars(48, seed: 51)
    static let refreshToken = Fake.chars(56, seed: 52)

    static let secrets = """
        ANTHROPIC_API_KEY: \(anthropic)
        GITHUB_PERSONAL_ACCESS_TOKEN: \(storedGitHub)
        oauth_creds_tickets:
          client_id: goose
          token_response:
            access_token: \(accessToken)
            token_type: bearer
            refresh_token: \(refreshToken)
          expires_at: 2026-01-01T00:00:00Z

        """

    static let npm = "npm_" + Fake.chars(36, seed: 60)
    static let deployToken = Fake.opaque(seed: 61)
    static let slack = Fake.slackBot(seed: 62)

    static let recipe = """
        version: 1.0.0
        title: Release helper
        description: Cut a release
        instructions: |
          Use the registry token to publish.
          npm publish --token \(npm)
        prompt: Publish {{ version }}
        parameters:
          - key: version
            input_type: string
            requirement: required
            description: version
          - key: deploy_token
            input_type: string
            requirement: optional
            default: \(deployToken)
            description: token
        extensions:
          - type: stdio
            name: slack
            cmd: slack-mcp
            envs:
              SLACK_BOT_TOKEN: \(slack)
            env_keys: [SLACK_TEAM]

        """

    static let providerKey = Fake.opaque(seed: 70)

    static let provider = """
        {
          "name": "acme",
          "engine": "openai",
          "display_name": "Acme LLM",
          "api_key_env": "CUSTOM_ACME_API_KEY",
          "base_url": "https://llm.acme.internal/v1",
          "headers": {
            "X-Acme-Key": "\(providerKey)"
          },
          "models": [{"name": "acme-1", "context_limit": 128000}]
        }

        """

    static let envOpenAI = Fake.openAI(seed: 80)
    static let envGroq = Fake.groq(seed: 81)
    static let envPassword = Fake.chars(20, seed: 82)
    static let envAWS = Fake.awsKeyID(seed: 83)

    static let env = [
        "# deploy settings",
        "export OPENAI_API_KEY=\"\(envOpenAI)\"",
        "GROQ_API_KEY='\(envGroq)'  # inline comment",
        "DB_PASSWORD=\(envPassword)",
        "# AWS_ACCESS_KEY_ID=\(envAWS)",
        "PUBLIC_URL=https://docs.acme.org",
        "EMPTY=",
        "",
    ].joined(separator: "\r\n")

    static var allSecrets: [String] {
        [
            anthropic, github, serverSecret, bearer, oldOpenAI, storedGitHub, accessToken, refreshToken, npm, deployToken, slack,
            providerKey, envOpenAI, envGroq, envPassword, envAWS,
        ]
    }

    static var tree: [String: String] {
        [
            "config.yaml": config, "secrets.yaml": secrets, "recipes/release.yaml": recipe, "custom_providers/acme.json": provider,
            ".env": env,
        ]
    }
}
