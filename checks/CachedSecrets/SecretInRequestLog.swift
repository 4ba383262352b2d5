import GooseAuditCore
import SecretEngine

/// Credentials in goose's LLM request logs (`logs/llm_request.*.jsonl`), one JSON document a line.
enum SecretInRequestLog {
    static let descriptor = CheckDescriptor(
        id: "secret_in_request_log",
        title: "Credential in an LLM request log",
        summary:
            "Reports credentials in `logs/llm_request.*.jsonl`, where goose writes every provider request (system prompt with hints and memories, the whole conversation, tool results) and response.",
        rationale: CachedSecretText.rationale,
        remediation:
            "\(CachedSecretText.rotate) Then delete `<state>/logs/llm_request.*.jsonl`, and find which prompt or tool output carried the credential (the key path says where in the request it sat).",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.requestLog],
        references: CachedSecretText.references,
        examples: [
            CheckExample(
                "tool output with a token sent to the provider", .fail, role: .state,
                files: [
                    .directory("", mode: 0o700), .directory("logs", mode: 0o700),
                    .file(
                        "logs/llm_request.0.jsonl",
                        """
                        {"model_config":{"model_name":"gpt-4o"},"input":{"messages":[{"role":"tool","content":"GITHUB_TOKEN=\(CachedSecretText.token)"}]}}
                        {"data":{"choices":[]},"usage":{"input_tokens":10}}

                        """),
                ], expected: ["logs/llm_request.0.jsonl:1#input.messages[0].content"]),
            CheckExample(
                "request without credentials", .pass, role: .state,
                files: [
                    .directory("", mode: 0o700), .directory("logs", mode: 0o700),
                    .file(
                        "logs/llm_request.0.jsonl",
                        "{\"model_config\":{\"model_name\":\"gpt-4o\"},\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n"
                    ),
                ]),
        ])

    static func check(_ scanner: SecretScanner) -> CachedFileSecrets {
        CachedFileSecrets(
            scanner: scanner, descriptor: descriptor, container: "sent to the provider and kept in an LLM request log", lines: .json)
    }
}
