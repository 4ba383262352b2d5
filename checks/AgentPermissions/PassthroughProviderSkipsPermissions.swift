import GooseAuditCore
import StructuredText

/// `passthrough_provider_skips_permissions`: a pass-through provider told to skip its own prompts.
extension SettingChecks {
    static let passthroughCommands = ["CLAUDE_CODE_COMMAND", "CODEX_COMMAND", "GEMINI_CLI_COMMAND", "CURSOR_AGENT_COMMAND"]
    static let skippingFlags = [
        "--dangerously", "--yolo", "--full-auto", "bypasspermissions", "--skip-permissions", "--approval-mode=yolo", "--force",
    ]

    static let passthroughSkipsPermissions = SettingCheck(
        descriptor: CheckDescriptor(
            id: "passthrough_provider_skips_permissions", title: "Pass-through provider skips its own permission prompts",
            summary:
                "Reports `CLAUDE_CODE_COMMAND`, `CODEX_COMMAND`, `GEMINI_CLI_COMMAND` or `CURSOR_AGENT_COMMAND` with `--dangerously-*`, `--yolo`-style flags, and `CODEX_SKIP_GIT_CHECK: true`.",
            rationale: """
                With a CLI pass-through provider, the other agent runs the tools and goose's permission mode does \
                not apply. Flags such as `--dangerously-skip-permissions` (issue #3386) make that agent approve every \
                command itself, so nothing asks before a shell command runs. `CODEX_SKIP_GIT_CHECK` lets Codex work \
                outside a git repository, where its changes cannot be reviewed or reverted.
                """,
            remediation: "Remove the permission-skipping flags from the pass-through command and leave `CODEX_SKIP_GIT_CHECK` unset.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-250", "https://github.com/block/goose/issues/3386"],
            examples: [
                CheckExample(
                    "claude with dangerously-skip-permissions", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\nGOOSE_PROVIDER: claude-code\nCLAUDE_CODE_COMMAND: claude --dangerously-skip-permissions\n"
                        )
                    ], expected: ["config.yaml:3#CLAUDE_CODE_COMMAND"]),
                CheckExample(
                    "plain command", .pass,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\nCLAUDE_CODE_COMMAND: claude\nCODEX_SKIP_GIT_CHECK: false\n")]),
            ]),
        subjects: ["CLAUDE_CODE_COMMAND", "CODEX_", "GEMINI_CLI_COMMAND", "CURSOR_AGENT_COMMAND"],
        evaluate: { config in
            var problems: [Problem] = passthroughCommands.compactMap { key in
                guard let value = config.value(key), let text = value.string?.lowercased(),
                    let flag = skippingFlags.first(where: { text.contains($0) })
                else { return nil }
                return Problem(
                    setting: value,
                    message: "\(key) passes a permission-skipping flag (\(flag)…), so the provider runs every tool without asking",
                    evidence: "\(key) contains \(flag)")
            }
            if config.isTrue("CODEX_SKIP_GIT_CHECK"), let skip = config.value("CODEX_SKIP_GIT_CHECK") {
                problems.append(
                    Problem(
                        setting: skip, message: "CODEX_SKIP_GIT_CHECK lets Codex change files outside a git repository",
                        evidence: "CODEX_SKIP_GIT_CHECK=true", severity: .low))
            }
            return problems
        })
}
