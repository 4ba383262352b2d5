import GooseAuditCore
import StructuredText

/// Tool-definition (rug-pull) detection switched off (docs `security/tool-definition-drift-detection.md`,
/// `ui/desktop/.../security/SecurityToggle.tsx`).
enum ToolChangeDetectionOff {
    static let names = ["SECURITY_TOOL_CHANGE_DETECTION", "SECURITY_TOOL_CHANGE_DETECTION_OVERRIDE"]

    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "tool_change_detection_off", title: "Tool-change (rug-pull) detection switched off",
            summary:
                "Reports `SECURITY_TOOL_CHANGE_DETECTION: false` in the effective configuration and `SECURITY_TOOL_CHANGE_DETECTION_OVERRIDE=false` in the environment.",
            rationale: """
                goose fingerprints every extension's tool definitions and warns when a server changes them between \
                sessions: the classic MCP rug pull, where a server approved once later rewrites its tool descriptions \
                to steer the agent. Switched off, a changed tool is used silently, and the fingerprints goose-audit's \
                drift check compares stop being written.
                """,
            remediation: "Remove the setting (detection is on by default) and review the tools of servers that changed.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-494", "https://block.github.io/goose/docs/guides/security/tool-definition-drift-detection"],
            examples: [
                CheckExample(
                    "detection off", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\nSECURITY_TOOL_CHANGE_DETECTION: false\n")],
                    expected: ["config.yaml:2#SECURITY_TOOL_CHANGE_DETECTION"]),
                CheckExample(
                    "detection on", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\nSECURITY_TOOL_CHANGE_DETECTION: true\n")]),
            ]),
        subjects: ["SECURITY_TOOL_CHANGE_DETECTION"],
        evaluate: { config in
            names.compactMap { name in
                guard let setting = config.value(name), let text = setting.string?.lowercased(),
                    ["false", "0", "no", "off"].contains(text)
                else { return nil }
                return Problem(
                    setting: setting, message: "\(name) is false: changed tool definitions of an extension are used without a warning",
                    evidence: "\(name)=false")
            }
        })
}
