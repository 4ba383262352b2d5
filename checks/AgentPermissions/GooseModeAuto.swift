import GooseAuditCore
import StructuredText

/// `goose_mode_auto`: every tool call auto-approved.
extension SettingChecks {
    static let gooseModeAuto = SettingCheck(
        descriptor: CheckDescriptor(
            id: "goose_mode_auto", title: "Every tool call is auto-approved",
            summary: "Reports an effective `GOOSE_MODE` of `auto`, or no `GOOSE_MODE` at all (goose's code default is auto).",
            rationale: """
                In `auto` mode goose approves every tool call (shell commands, file edits, extension management) \
                without asking, and `permission.yaml` is not consulted at all. A prompt injection in a web page, an \
                issue or a cloned repository's hints then runs with the user's rights. When no layer and no \
                environment variable sets `GOOSE_MODE`, goose falls back to the enum default, which is auto (issue \
                #12448; some docs say smart_approve, so unset is reported with medium confidence). A configuration file \
                shared in a repository is what every user of it gets: an unset mode there is reported the same way.
                """,
            remediation: "Set `GOOSE_MODE: smart_approve` or `approve` explicitly; keep `auto` for disposable, sandboxed CI runners.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: [
                "CWE-250", "https://github.com/block/goose/issues/12448", "https://block.github.io/goose/docs/guides/goose-permissions",
            ],
            examples: [
                CheckExample(
                    "auto in the user file", .fail, files: [.file("config.yaml", "GOOSE_PROVIDER: openai\nGOOSE_MODE: auto\n")],
                    expected: ["config.yaml:2#GOOSE_MODE"]),
                CheckExample(
                    "mode never set", .fail, files: [.file("config.yaml", "GOOSE_PROVIDER: openai\n")], expected: ["config.yaml#GOOSE_MODE"]
                ),
                CheckExample(
                    "environment overrides the file", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_MODE": "auto"], expected: ["config.yaml#GOOSE_MODE"]),
                CheckExample("smart approve", .pass, files: [.file("config.yaml", "GOOSE_MODE: smart_approve\n")]),
                CheckExample(
                    "environment tightens the file", .pass, files: [.file("config.yaml", "GOOSE_MODE: auto\n")],
                    environment: ["GOOSE_MODE": "approve"]),
            ]),
        evaluate: { config in
            guard let mode = config.value("GOOSE_MODE") else {
                // A repository file may be one layer of several; another layer may set the mode.
                let repository = config.isRepositoryFile
                guard !config.isPartial else { return [] }
                return [
                    Problem(
                        setting: .unset("GOOSE_MODE", in: config.anchor),
                        message: repository
                            ? "this configuration does not set GOOSE_MODE; unless another layer does, goose falls back to auto"
                            : "GOOSE_MODE is not set, so goose falls back to auto and approves every tool call",
                        evidence: "GOOSE_MODE unset (code default auto)", confidence: .medium)
                ]
            }
            guard mode.string?.lowercased() == "auto" else { return [] }
            return [
                Problem(
                    setting: mode, message: "GOOSE_MODE is auto: every tool call is approved without asking", evidence: "GOOSE_MODE: auto")
            ]
        })
}
