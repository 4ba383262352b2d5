import Foundation
import GooseAuditCore

/// A config, recipe or other policy file that holds a literal secret and that other users can read, now or
/// as soon as a private parent directory is opened.
struct PolicyFileSecretReadable: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "policy_file_secret_readable",
        title: "Policy file holding a secret readable by others",
        summary:
            "Reports a goose config, recipe, provider definition or other policy file that holds a literal secret (a key named like `*_API_KEY`, `*_TOKEN`, `*_SECRET`, `*PASSWORD`) and that a user other than its owner can read; behind a private (0700) parent it is reported one level lower, naming that directory.",
        rationale: """
            goose accepts literal keys in `config.yaml` (top-level `*_API_KEY`, `envs:` of an extension) and in \
            custom provider files. goose writes these files with the process umask, so they are usually 0644; a \
            0700 directory above is then the only thing keeping other users out, and a later `chmod 755`, a \
            backup, a copy or a sync that does not keep the directory mode exposes the key. The secret itself is \
            reported by the secrets module; this finding is about who can read the file.
            """,
        remediation:
            "Run `chmod 600` on the file (or `goose-audit fix --apply`), remove extra ACL entries with `setfacl -b`, and move the key to the keyring or to `env_keys:` with the value in secrets storage.",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: Set(ArtifactKind.allCases.filter { $0.isPolicy && !$0.holdsSecrets }),
        references: ["CWE-732", "CWE-312"],
        examples: [
            CheckExample(
                "0644 config.yaml with a literal key in a 0755 directory", .fail,
                files: [
                    .directory("", mode: 0o755), .file("config.yaml", "OPENAI_API_KEY: sk-FAKE-not-a-real-key-000\n", mode: 0o644),
                ], expected: ["config.yaml"]),
            CheckExample(
                "0644 config.yaml with a literal key under a 0700 directory (latent)", .fail,
                files: [
                    .directory("", mode: 0o700), .file("config.yaml", "OPENAI_API_KEY: sk-FAKE-not-a-real-key-000\n", mode: 0o644),
                ], expected: ["config.yaml"]),
            CheckExample(
                "0600 config.yaml with a literal key under a 0700 directory", .pass,
                files: [
                    .directory("", mode: 0o700), .file("config.yaml", "OPENAI_API_KEY: sk-FAKE-not-a-real-key-000\n", mode: 0o600),
                ]),
            CheckExample(
                "0644 config.yaml naming keys only (env_keys, placeholders)", .pass,
                files: [
                    .directory("", mode: 0o755),
                    .file(
                        "config.yaml", "extensions:\n  gh:\n    env_keys: [GITHUB_TOKEN]\n    envs:\n      GITHUB_TOKEN: ${GITHUB_TOKEN}\n",
                        mode: 0o644),
                ]),
        ],
        fixable: true)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        guard artifact.metadata.type == .regular, let exposure = artifact.exposure, let text = target.content?.text,
            let key = Self.secretKey(in: text)
        else { return [] }
        let access = GrantSelection(exposure, rights: .read)
        return [descriptor.exposureFinding("\(artifact.kind.phrase) holding a literal \(key)", access, at: artifact)].compactMap { $0 }
    }

    /// Suffixes of key names that hold credentials.
    static let secretSuffixes = ["_API_KEY", "_KEY", "_TOKEN", "_SECRET", "PASSWORD", "_PAT", "ACCESS_KEY_ID"]

    /// The first key (never its value) that is set to a literal that looks like a credential, in YAML or JSON.
    static func secretKey(in text: String) -> String? {
        for line in text.split(separator: "\n").prefix(20_000) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'-,{")).uppercased()
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                secretSuffixes.contains(where: { key.hasSuffix($0) })
            else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"',}"))
            if isLiteral(value) { return key }
        }
        return nil
    }

    /// A value that is a credential rather than a reference, placeholder or empty setting.
    static func isLiteral(_ value: String) -> Bool {
        guard value.count >= 8, !value.hasPrefix("$"), !value.hasPrefix("<"), !value.hasPrefix("#"),
            !value.hasPrefix("["), !value.hasPrefix("{"), !["null", "~", "true", "false"].contains(value.lowercased())
        else { return false }
        return !value.contains(" ")
    }
}
