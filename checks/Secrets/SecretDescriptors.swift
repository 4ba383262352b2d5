import GooseAuditCore
import SecretEngine

/// The descriptors the secrets check reports under: one per rule, one for literals at goose's
/// credential positions, one for entries of the plaintext `secrets.yaml`.
enum SecretDescriptors {
    /// Every artifact kind whose text is searched (session databases, logs and history belong to
    /// the cached-secrets module).
    static let scannedKinds: Set<ArtifactKind> = SecretPositions.structuredKinds.union([
        .secretsFile, .hints, .memory, .pluginManifest, .ciWorkflow, .otherFile, .skill, .promptTemplate, .adversaryRules,
        .schedule, .serviceDefinition, .agentInstructions, .pluginServers, .pluginInstall,
    ])

    static let rotate = "Revoke and rotate the credential at its provider first: it has been on disk in clear."

    static let positional = CheckDescriptor(
        id: "secret_in_goose_setting",
        title: "Literal credential in a goose credential setting",
        summary:
            "Reports a literal, credential-like value where goose keeps credentials (an extension's `envs` or `headers`, a top-level `*_API_KEY`/`*_TOKEN` key of config.yaml, a recipe's extension envs or secret parameter default, a custom provider's headers) or under a secret-named key of a `.env` file, token cache or settings file, when no format rule names it.",
        rationale: """
            goose reads credentials from the OS keyring (or secrets.yaml) when config.yaml names them in `env_keys`; a value \
            written under `envs:`, `headers:` or a top-level secret key is stored in clear in a file that is often synced, \
            shared or committed, and is handed to every extension process. No format rule is needed to know it is a secret: \
            its place says so.
            """,
        remediation:
            "\(rotate) Then store it with `goose configure` (keyring) and keep only its name under `env_keys`, or reference it as `${VAR}` in headers.",
        severity: .high, category: .secrets, kind: .credential, artifactKinds: scannedKinds,
        references: ["CWE-798", "CWE-312", "https://block.github.io/goose/docs/guides/config-files"],
        examples: [
            CheckExample(
                "literal token in an extension's envs", .fail,
                files: [
                    // goose-audit:ignore * synthetic example value
                    .file(
                        "config.yaml",
                        "extensions:\n  tickets:\n    type: stdio\n    cmd: tickets-mcp\n    envs:\n      TICKETS_AUTH: Qm9vdHN0cmFwOnZhbHVlOjk3NDI\n"
                    )
                ], expected: ["config.yaml:6#extensions.tickets.envs.TICKETS_AUTH"]),
            CheckExample(
                "names in env_keys and references in envs", .pass,
                files: [
                    .file(
                        "config.yaml",
                        "extensions:\n  tickets:\n    type: stdio\n    cmd: tickets-mcp\n    env_keys: [TICKETS_TOKEN]\n    envs:\n      TICKETS_URL: https://tickets.internal/api\n      TICKETS_AUTH: ${TICKETS_TOKEN}\n"
                    )
                ]),
        ])

    static let stored = CheckDescriptor(
        id: "secret_in_plaintext_store",
        title: "Credential stored in goose's plaintext secrets file",
        summary:
            "Reports each credential held in goose's `secrets.yaml` (the file fallback used when the keyring is disabled or unavailable); ranked higher when other users can read the file.",
        rationale: """
            When the keyring is disabled or unreachable goose writes every provider key, extension token and OAuth \
            refresh token into secrets.yaml in clear, and newer builds keep reading a stale copy. Each entry is a live \
            credential on disk; anyone who can read the file, a backup or a synced copy holds it.
            """,
        remediation:
            "Move the entries back to the OS keyring (unset GOOSE_DISABLE_KEYRING, run `goose configure`), delete secrets.yaml, and rotate anything the file exposed. On headless hosts keep it 0600 on an encrypted disk.",
        severity: .medium, category: .secrets, kind: .credential, artifactKinds: [.secretsFile],
        references: ["CWE-312", "CWE-256", "https://github.com/block/goose/pull/8118"],
        examples: [
            CheckExample(
                "stored provider key", .fail,
                files: [
                    // goose-audit:ignore * synthetic example value
                    .directory("", mode: 0o700), .file("secrets.yaml", "CUSTOM_LOCAL_API_KEY: Zk3qP9vR2mT7wX4yB8nL\n", mode: 0o600),
                ], expected: ["secrets.yaml:1#CUSTOM_LOCAL_API_KEY"]),
            CheckExample(
                "OAuth bookkeeping only", .pass,
                files: [
                    .directory("", mode: 0o700),
                    .file(
                        "secrets.yaml",
                        "oauth_creds_tickets:\n  client_id: goose\n  token_type: bearer\n  expires_at: 2026-01-01T00:00:00Z\n", mode: 0o600),
                ]),
        ])

    /// The descriptor of a data rule, with its examples as fixture files.
    static func rule(_ rule: SecretRule) -> CheckDescriptor {
        let file = "notes/credentials.txt"
        var examples: [CheckExample] = []
        if let positive = rule.examples.truePositives.first {
            examples.append(
                CheckExample(
                    "\(rule.title) in a text file", .fail, role: .path, files: [.file(file, positive + "\n")], expected: ["\(file):1"]))
        }
        if !rule.examples.falsePositives.isEmpty {
            let text = rule.examples.falsePositives.joined(separator: "\n") + "\n"
            examples.append(CheckExample("look-alikes of \(rule.title)", .pass, role: .path, files: [.file(file, text)]))
        }
        return CheckDescriptor(
            id: rule.id, title: rule.title, summary: rule.description.isEmpty ? rule.title : rule.description,
            rationale: """
                A credential in clear in a goose configuration, recipe, hints or repository file can be read by anyone \
                with the file, its backups, its git history or the agent's own tools, and used until it is revoked.
                """,
            remediation:
                "\(rotate) Then remove it from the file and load it at run time from the keyring (`env_keys`), an environment variable or a secret manager.",
            severity: rule.severity, category: .secrets, kind: .credential, artifactKinds: scannedKinds,
            references: ["CWE-798"], examples: examples)
    }
}
