import GooseAuditCore
import StructuredText

/// `prompt_injection_guard_off`: no prompt-injection guard in front of tool calls.
extension SettingChecks {
    static let promptInjectionGuardOff = SettingCheck(
        descriptor: CheckDescriptor(
            id: "prompt_injection_guard_off", title: "No prompt-injection guard in front of tool calls",
            summary:
                "Reports an installation where `SECURITY_PROMPT_ENABLED` is false or unset and no `adversary.md` reviewer policy exists.",
            rationale: """
                goose can screen tool calls for prompt injection (`SECURITY_PROMPT_ENABLED`, off by default) and have                 an adversary reviewer check shell commands against `<config>/adversary.md`. With neither, text the                 agent reads (a web page, an issue, a repository's hints) reaches the tool-calling loop unchecked;                 only the approval mode stands in the way. Both guards are best effort (the reviewer fails open), so                 this is advice, not a weakness by itself.
                """,
            remediation:
                "Set `SECURITY_PROMPT_ENABLED: true` and/or write an `adversary.md` reviewer policy in goose's config directory; keep a strict GOOSE_MODE as the real control.",
            severity: .low, category: .permissions, kind: .hygiene, artifactKinds: configKinds,
            references: ["CWE-1427", "https://block.github.io/goose/docs/guides/security/adversary-mode"],
            examples: [
                CheckExample(
                    "no guard", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    expected: ["config.yaml#SECURITY_PROMPT_ENABLED"]),
                CheckExample("detection on", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\nSECURITY_PROMPT_ENABLED: true\n")]),
                CheckExample(
                    "adversary reviewer policy", .pass,
                    files: [
                        .file("config.yaml", "GOOSE_MODE: approve\n"), .file("adversary.md", "Block shell commands that send data out.\n"),
                    ]),
            ]),
        evaluate: { config in
            // A repository file is one layer of someone else's installation: say nothing about it.
            guard !config.isRepositoryFile, !config.isTrue("SECURITY_PROMPT_ENABLED") else { return [] }
            let root = config.anchor.root
            if root.role == .config, case .success = FileMetadata.lstat(root.path + "/adversary.md") { return [] }
            guard !config.isPartial || config.value("SECURITY_PROMPT_ENABLED") != nil else { return [] }
            let setting = config.value("SECURITY_PROMPT_ENABLED") ?? .unset("SECURITY_PROMPT_ENABLED", in: config.anchor)
            return [
                Problem(
                    setting: setting, message: "tool calls reach the agent loop without a prompt-injection guard",
                    evidence: config.value("SECURITY_PROMPT_ENABLED") == nil
                        ? "SECURITY_PROMPT_ENABLED unset, no adversary.md" : "SECURITY_PROMPT_ENABLED false, no adversary.md")
            ]
        })
}
