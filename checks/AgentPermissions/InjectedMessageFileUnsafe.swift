import GooseAuditCore
import StructuredText

/// `injected_message_file_unsafe`: per-turn injected text from an unsafe file.
extension SettingChecks {
    static let injectedMessageFileUnsafe = SettingCheck(
        descriptor: CheckDescriptor(
            id: "injected_message_file_unsafe", title: "Text injected into every turn comes from an unsafe file",
            summary:
                "Reports `GOOSE_MOIM_MESSAGE_FILE` pointing to a relative path, a shared temporary directory or a file other users can write.",
            rationale: """
                goose adds the content of `GOOSE_MOIM_MESSAGE_FILE` (up to 64 KB) to every turn of every session, \
                with the authority of the user's own instructions. If another user, or a repository goose is \
                started in, controls that file, it steers the agent in every conversation.
                """,
            remediation: "Point `GOOSE_MOIM_MESSAGE_FILE` to an absolute, owner-only file.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-1427", "CWE-732", "https://block.github.io/goose/docs/guides/environment-variables"],
            examples: [
                CheckExample(
                    "relative message file", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_MOIM_MESSAGE_FILE": "notes/moim.md"], expected: ["config.yaml#GOOSE_MOIM_MESSAGE_FILE"]),
                CheckExample(
                    "home file", .pass,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\nGOOSE_MOIM_MESSAGE_FILE: ~/.config/goose/moim.md\n")]),
            ]),
        subjects: ["GOOSE_MOIM_MESSAGE_FILE"],
        evaluate: { config in
            guard let file = config.value("GOOSE_MOIM_MESSAGE_FILE"), let path = file.string, !path.hasPrefix("~"),
                let weakness = UnsafePaths.weakness(path)
            else { return [] }
            return [
                Problem(
                    setting: file, message: "the text added to every turn is read from `\(path)`, which \(weakness)",
                    evidence: "\(path): \(weakness)")
            ]
        })
}
