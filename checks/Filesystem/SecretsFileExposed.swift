import GooseAuditCore

/// The plaintext `secrets.yaml` that other users can read or write.
struct SecretsFileExposed: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "secrets_file_exposed",
        title: "Plaintext secrets file readable or writable by others",
        summary: "Reports a goose `secrets.yaml` that a user other than its owner can read or write.",
        rationale: """
            When the OS keyring is unavailable or disabled, goose keeps every provider key, extension token and \
            OAuth refresh token in `secrets.yaml`, in clear text. goose creates the file 0600 only since v1.30.0 \
            and never tightens an existing file, so older installs and copied files are often world-readable. \
            Anyone who can read it holds every credential goose uses; anyone who can write it can swap a key \
            and redirect the agent.
            """,
        remediation:
            "Run `chmod 600` on the file (and remove extra ACL entries with `setfacl -b`), then rotate every key it holds, or move the secrets back to the OS keyring.",
        severity: .critical,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: [.secretsFile],
        references: ["CWE-732", "CWE-312", "https://github.com/block/goose/pull/8118"],
        examples: [
            CheckExample(
                "world-readable secrets file", .fail,
                files: [
                    .directory("", mode: 0o755), .file("secrets.yaml", "OPENAI_API_KEY: fake\n", mode: 0o644),
                ], expected: ["secrets.yaml"]),
            CheckExample(
                "owner-only secrets file", .pass,
                files: [
                    .directory("", mode: 0o700), .file("secrets.yaml", "OPENAI_API_KEY: fake\n", mode: 0o600),
                ]),
        ],
        fixable: true)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        guard artifact.metadata.type == .regular, let exposure = artifact.exposure else { return [] }
        let access = GrantSelection(exposure, rights: [.read, .write])
        return [descriptor.exposureFinding("secrets file", access, at: artifact)].compactMap { $0 }
    }
}
