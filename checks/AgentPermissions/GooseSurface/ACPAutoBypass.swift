import GooseAuditCore
import StructuredText

/// ACP providers map goose's `auto` mode to the agent's own "no approvals" mode
/// (`providers/declarative_acp/{claude,codex,copilot}_acp.json` `modes.auto`).
enum ACPAutoBypass {
    /// Provider name and what `auto` becomes in that agent.
    static let providers: [String: String] = [
        "claude-acp": "bypassPermissions", "codex-acp": "full access without approvals", "copilot-acp": "its allow-all mode",
    ]

    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "acp_provider_auto_bypass", title: "ACP agent runs with its own permission checks bypassed",
            summary:
                "Reports an ACP provider (`claude-acp`, `codex-acp`, `copilot-acp`) combined with goose's auto mode (set or by default).",
            rationale: """
                With an ACP provider the tool calls are made by the other agent, under its own permission system. goose \
                translates its mode into that agent's mode, and `auto` becomes Claude Code's `bypassPermissions` (or the \
                equivalent): neither goose nor the agent asks before running commands or editing files.
                """,
            remediation: "Set `GOOSE_MODE: approve` or `smart_approve` when using an ACP provider.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-250", "https://github.com/zed-industries/claude-agent-acp"],
            examples: [
                CheckExample(
                    "claude-acp in auto mode", .fail, files: [.file("config.yaml", "GOOSE_PROVIDER: claude-acp\nGOOSE_MODE: auto\n")],
                    expected: ["config.yaml:1#GOOSE_PROVIDER"]),
                CheckExample(
                    "claude-acp with approvals", .pass, files: [.file("config.yaml", "GOOSE_PROVIDER: claude-acp\nGOOSE_MODE: approve\n")]),
            ]),
        subjects: ["GOOSE_PROVIDER"],
        evaluate: { config in
            guard let provider = config.value("GOOSE_PROVIDER"), let name = provider.string?.lowercased(), let mode = providers[name],
                GooseSurfaceChecks.isAuto(config)
            else { return [] }
            return [
                Problem(
                    setting: provider,
                    message: "goose's auto mode puts the \(name) agent in \(mode): nothing asks before commands or edits",
                    evidence: "\(name) + auto")
            ]
        })
}
