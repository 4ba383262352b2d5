import GooseAuditCore

/// A credential passed to an extension as a command-line argument.
enum ExtensionCredentialArgument {
    static let check = ExtensionEntryCheck(
        descriptor: CheckDescriptor(
            id: "extension_credential_argument", title: "Extension gets a credential on its command line",
            summary:
                "Reports extension arguments that pass a literal credential: `--api-key V`, `--token=V`, `--password V`, `-H \"Authorization: Bearer V\"`, including opaque UUID- or hex-shaped values.",
            rationale: """
                A credential in `args` is stored in clear in the configuration and shown to every user of the \
                machine by `ps` while the extension runs; it ends up in shell history, logs and support bundles. \
                Opaque values (a UUID, a hex string) are credentials too when a flag says so, and no secret \
                pattern recognises them by shape.
                """,
            remediation:
                "Pass the credential through `env_keys` (kept in the keyring) and let the server read it from its environment; rotate the exposed value.",
            severity: .high, category: .permissions, kind: .credential, artifactKinds: ExtensionRules.kinds,
            references: ["CWE-214", "CWE-798"] + ExtensionRules.references,
            examples: [
                CheckExample(
                    "api key after its flag", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            // goose-audit:ignore * synthetic example
                            ExtensionRules.stdio(
                                cmd: "npx", args: #"["-y", "@acme/jira-mcp@1.4.2", "--api-key", "3f2b9c1e-7a4d-4e8b-9c21-5d6f7a8b9c0d"]"#))
                    ], expected: ["config.yaml:7#extensions.jira.args[3]"]),
                CheckExample(
                    "bearer header in a recipe", .fail, role: .path,
                    files: [
                        .file(
                            "recipes/sync.yaml",
                            // goose-audit:ignore * synthetic example
                            "title: sync\ninstructions: sync\nextensions:\n  - type: stdio\n    name: proxy\n    cmd: /opt/mcp-proxy\n    args: [-H, 'Authorization: Bearer 9f3c2a7e51b44c1ea9d26b0e7f8c1d23']\n"
                        )
                    ], expected: ["recipes/sync.yaml:7#extensions[0].args[1]"]),
                CheckExample(
                    "a reference to the environment", .pass,
                    files: [.file("config.yaml", ExtensionRules.stdio(cmd: "/opt/jira-mcp", args: #"["--api-key", "${JIRA_API_KEY}"]"#))]),
                CheckExample(
                    "a key file", .pass,
                    files: [
                        .file("config.yaml", ExtensionRules.stdio(cmd: "/opt/jira-mcp", args: #"["--api-key-file", "/run/secrets/jira"]"#))
                    ]),
            ]),
        judge: { entry in
            let words = CommandFacts.words(entry)
            guard let found = CommandLineFacts.credentialArgument(words.map(\.0)), words.indices.contains(found.index) else { return [] }
            return [
                Problem(
                    setting: words[found.index].1,
                    message:
                        "extension `\(entry.name)` gets a literal credential on its command line (`\(found.flag)`), where `ps` and logs show it",
                    evidence: "\(found.flag) with a \(found.value.count)-character literal value")
            ]
        })
}
