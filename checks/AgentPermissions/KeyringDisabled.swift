import GooseAuditCore
import StructuredText

/// `GOOSE_DISABLE_KEYRING`: every secret goes to a plaintext `secrets.yaml`.
enum KeyringDisabled {
    /// goose treats the environment variable as set by any value, and the config key by a truthy one.
    static func disables(_ setting: Setting) -> Bool {
        guard let text = setting.string?.trimming(" \"'") else { return false }
        switch setting.origin {
        case .environment: return !text.isEmpty
        case .file(let artifact, _) where artifact.embedding?.source == .environment: return !text.isEmpty
        case .file: return ["true", "yes", "on", "1", "y"].contains(text.lowercased())
        }
    }

    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "keyring_disabled", title: "OS keyring switched off for goose's secrets",
            summary:
                "Reports `GOOSE_DISABLE_KEYRING` set in the environment (any value: shell startup files, units, Dockerfiles, manifests) or truthy in a config layer (`true`, `yes`, `on`, `1`).",
            rationale: """
                With the keyring disabled goose writes every provider key, extension token and OAuth credential to \
                `secrets.yaml` in clear, and passes `GOOSE_DISABLE_KEYRING` on to every extension it starts. A backup, \
                a dotfiles sync or one wrong mode then leaks all of them at once.
                """,
            remediation:
                "Remove `GOOSE_DISABLE_KEYRING`; on headless hosts use a keyring daemon or inject secrets at run time, and keep any `secrets.yaml` 0600.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-312", "https://block.github.io/goose/docs/guides/config-files"],
            examples: [
                CheckExample(
                    "truthy in config.yaml", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\nGOOSE_DISABLE_KEYRING: yes\n")],
                    expected: ["config.yaml:2#GOOSE_DISABLE_KEYRING"]),
                CheckExample(
                    "exported by a shell startup file", .fail, role: .path,
                    files: [.file(".bashrc", "export GOOSE_PROVIDER=openai\nexport GOOSE_DISABLE_KEYRING=0\n")],
                    expected: [".bashrc:2#GOOSE_DISABLE_KEYRING"]),
                CheckExample(
                    "false in config.yaml", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\nGOOSE_DISABLE_KEYRING: false\n")]),
            ]),
        subjects: ["GOOSE_DISABLE_KEYRING"],
        evaluate: { config in
            guard let setting = config.value("GOOSE_DISABLE_KEYRING"), disables(setting) else { return [] }
            return [
                Problem(
                    setting: setting, message: "GOOSE_DISABLE_KEYRING is set: goose keeps every secret in a plaintext secrets.yaml",
                    evidence: "GOOSE_DISABLE_KEYRING set")
            ]
        })
}
