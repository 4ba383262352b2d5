import GooseAuditCore
import StructuredText

/// `provider_cleartext_endpoint`: a model provider reached over plain http.
extension SettingChecks {
    /// Whether a top-level key names a provider endpoint (`OPENAI_HOST`, `DATABRICKS_HOST`, `LITELLM_BASE_URL`).
    static func isProviderEndpoint(_ key: String) -> Bool {
        let upper = key.uppercased()
        guard !upper.hasPrefix("GOOSE_SERVER__"), !upper.hasPrefix("OTEL_"), !upper.hasPrefix("LANGFUSE_") else { return false }
        return upper.hasSuffix("_HOST") || upper.hasSuffix("_BASE_URL") || upper.hasSuffix("_ENDPOINT")
    }

    /// Providers goose ships, as their environment variables start.
    static let providerPrefixes = [
        "OPENAI", "ANTHROPIC", "DATABRICKS", "OLLAMA", "AZURE_OPENAI", "LITELLM", "GROQ", "OPENROUTER", "XAI", "GOOGLE", "GEMINI",
        "SNOWFLAKE", "VENICE", "MISTRAL", "TETRATE", "OVHCLOUD", "GCP_VERTEX_AI", "DEEPSEEK", "LMSTUDIO",
    ]

    static let providerCleartext = SettingCheck(
        descriptor: CheckDescriptor(
            id: "provider_cleartext_endpoint", title: "Model provider reached over plain http",
            summary:
                "Reports provider endpoints (`OPENAI_HOST`, `OLLAMA_HOST`, `*_BASE_URL`, custom provider `base_url`) that are `http://` to a host other than loopback.",
            rationale: """
                Every prompt goes to the provider: the system prompt with hints and memories, the whole conversation \
                and every tool result, plus the provider's API key or custom headers. Over plain http all of it \
                crosses the network readable and changeable by anyone on the path, who can also answer in the \
                model's place and steer the agent.
                """,
            remediation: "Use the provider's https endpoint, or keep plain http on loopback (a local Ollama or gateway).",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds.union([.customProvider]),
            references: ["CWE-319", "https://block.github.io/goose/docs/getting-started/providers"],
            examples: [
                CheckExample(
                    "openai-compatible gateway over http", .fail,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\nGOOSE_PROVIDER: openai\nOPENAI_HOST: http://llm.lan:8080\n")],
                    expected: ["config.yaml:3#OPENAI_HOST"]),
                CheckExample(
                    "custom provider over http", .fail,
                    files: [.file("custom_providers/lab.json", "{\n  \"name\": \"lab\",\n  \"base_url\": \"http://10.2.0.7/v1\"\n}\n")],
                    expected: ["custom_providers/lab.json:3#base_url"]),
                CheckExample(
                    "https and local endpoints", .pass,
                    files: [
                        .file(
                            "config.yaml", "GOOSE_MODE: approve\nOPENAI_HOST: https://api.openai.com\nOLLAMA_HOST: http://localhost:11434\n"
                        )
                    ]),
            ]),
        evaluate: { config in
            // Any endpoint key in a goose file is goose's; from the environment only known providers' keys count.
            let fromEnvironment = (config.environment ?? [:]).keys.filter { key in providerPrefixes.contains { key.hasPrefix($0 + "_") } }
            let keys = Set(config.keys + fromEnvironment).filter(isProviderEndpoint)
            return keys.sorted().compactMap { key in
                guard let value = config.value(key), let text = value.string, URLFacts.isCleartextRemote(text),
                    let host = URLFacts.host(of: text)
                else { return nil }
                return Problem(
                    setting: value, message: "\(key) sends prompts, tool output and credentials to \(host) over plain http",
                    evidence: "http://\(host)")
            }
        },
        inspectFile: { target in
            guard let root = target.document()?.root, let pair = root.pair("base_url"), let text = pair.value.string,
                URLFacts.isCleartextRemote(text), let host = URLFacts.host(of: text)
            else { return [] }
            return [
                Problem(
                    setting: .at(pair.value, [.key("base_url")], in: target.artifact),
                    message: "custom provider sends prompts, tool output and its API key to \(host) over plain http",
                    evidence: "http://\(host)")
            ]
        })
}
