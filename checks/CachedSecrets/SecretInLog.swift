import GooseAuditCore
import SecretEngine

/// Credentials in goose's CLI, server and desktop logs, one JSON document a line.
enum SecretInLog {
    static let descriptor = CheckDescriptor(
        id: "secret_in_log",
        title: "Credential in a goose log",
        summary:
            "Reports credentials in goose's CLI, server (goosed) and desktop logs, which record debug-level MCP traffic, tool calls and their output.",
        rationale: CachedSecretText.rationale,
        remediation:
            "\(CachedSecretText.rotate) Then delete the log files that hold it (`<state>/logs/cli`, `<state>/logs/server`, the desktop `logs/main.log`) and keep `RUST_LOG` at its default.",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.log],
        references: CachedSecretText.references,
        examples: [
            CheckExample(
                "tool output logged at debug level", .fail, role: .state,
                files: [
                    .directory("", mode: 0o700), .directory("logs", mode: 0o700), .directory("logs/cli", mode: 0o700),
                    .file(
                        "logs/cli/20260101_120000.log",
                        """
                        {"timestamp":"2026-01-01T12:00:00Z","level":"DEBUG","fields":{"message":"tool output","output":"export GITHUB_TOKEN=\(CachedSecretText.token)"}}

                        """),
                ], expected: ["logs/cli/20260101_120000.log:1#fields.output"]),
            CheckExample(
                "log without credentials", .pass, role: .state,
                files: [
                    .directory("", mode: 0o700), .directory("logs", mode: 0o700), .directory("logs/cli", mode: 0o700),
                    .file(
                        "logs/cli/20260101_120000.log",
                        "{\"timestamp\":\"2026-01-01T12:00:00Z\",\"level\":\"INFO\",\"fields\":{\"message\":\"started\"}}\n"),
                ]),
        ])

    static func check(_ scanner: SecretScanner) -> CachedFileSecrets {
        CachedFileSecrets(scanner: scanner, descriptor: descriptor, container: "written to a goose log", lines: .json)
    }
}
