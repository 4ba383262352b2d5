import GooseAuditCore
import SecretEngine

/// Credentials in the CLI prompt history (`history.txt`), plain text lines.
enum SecretInHistory {
    static let descriptor = CheckDescriptor(
        id: "secret_in_history",
        title: "Credential in the CLI prompt history",
        summary: "Reports credentials in goose's `history.txt`, where the CLI keeps every prompt typed or pasted.",
        rationale: CachedSecretText.rationale,
        remediation:
            "\(CachedSecretText.rotate) Then delete the lines from `history.txt`, and pass credentials through the keyring (`goose configure`) instead of prompts.",
        severity: .medium, category: .cachedSecrets, kind: .credential, artifactKinds: [.history],
        references: CachedSecretText.references,
        examples: [
            CheckExample(
                "token pasted into a prompt", .fail,
                files: [
                    .directory("", mode: 0o700), .file("history.txt", "list my repos\nmy token is \(CachedSecretText.token)\n"),
                ], expected: ["history.txt:2"]),
            CheckExample(
                "prompts without credentials", .pass,
                files: [
                    .directory("", mode: 0o700), .file("history.txt", "list my repos\nsummarise the last pull request\n"),
                ]),
        ])

    static func check(_ scanner: SecretScanner) -> CachedFileSecrets {
        CachedFileSecrets(scanner: scanner, descriptor: descriptor, container: "kept in the CLI prompt history", lines: .text)
    }
}
