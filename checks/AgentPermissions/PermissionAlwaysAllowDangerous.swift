import GooseAuditCore
import StructuredText

/// GA-PERM-003: shell, editor, automation or extension-manager tools that never ask.
struct AlwaysAllowDangerous: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "permission_always_allow_dangerous", title: "Tools that run commands or change files are always allowed",
        summary:
            "Reports `permission.yaml` `always_allow` entries (set by the user or cached by smart approve) for every tool that executes or writes: shell, write, edit, text editor, delegate (sub-agents), automation scripts, computer control and the extension manager.",
        rationale: """
            In approve and smart_approve modes, `always_allow` skips the prompt for that tool on every call, with \
            any arguments: goose permissions are per tool, never per argument (issue #11017). A prompt injection \
            then runs shell commands, rewrites files or installs extensions without anyone seeing it.
            """,
        remediation: "Move these tools to `ask_before` (goose configure → Tool Permission, or edit `permission.yaml`).",
        severity: .medium, category: .permissions, kind: .configuration, artifactKinds: [.permissionPolicy],
        references: ["CWE-250", "https://github.com/block/goose/issues/11017", PermissionPolicyChecks.docs],
        examples: [
            CheckExample(
                "shell always allowed", .fail,
                files: [
                    .file(
                        "permission.yaml",
                        "user:\n  always_allow:\n    - developer__text_editor\n    - github__get_issue\n  ask_before: []\n")
                ], expected: ["permission.yaml:3#user.always_allow[0]"]),
            CheckExample(
                "read-only tool always allowed", .pass,
                files: [
                    .file("permission.yaml", "user:\n  always_allow: [github__get_issue]\n  ask_before: [developer__shell]\n")
                ]),
        ])

    /// Tool names (or `extension__tool` suffixes) that execute commands, write files or manage extensions.
    static let dangerousTools = [
        "shell", "text_editor", "automation_script", "computer_control", "manage_extensions", "execute", "run_command",
        "write", "edit", "delegate", "write_file", "edit_file", "create_file", "str_replace", "apply_patch", "patch",
        "bash", "run_shell", "terminal", "exec", "subagent", "dynamic_task", "create_task", "manage_schedule",
    ]
    /// Extensions every tool of which acts on the machine.
    static let dangerousExtensions = ["extensionmanager", "computercontroller"]

    static func isDangerous(_ tool: String) -> Bool {
        let lower = tool.lowercased()
        let name = lower.split(separator: "__").last.map(String.init) ?? lower
        return dangerousTools.contains(name) || dangerousExtensions.contains { lower.hasPrefix($0) }
    }

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        ["user", "smart_approve"].flatMap { category in
            PermissionPolicyChecks.entries(target, "always_allow", in: category).filter { Self.isDangerous($0.0) }.map { tool, setting in
                let judged = category == "smart_approve" ? " (the smart-approve judge cached it as safe)" : ""
                return descriptor.finding(
                    Problem(
                        setting: setting, message: "`\(tool)` is always allowed\(judged): it runs without asking, whatever its arguments",
                        evidence: "\(category).always_allow \(tool)"),
                    anchor: target.artifact)
            }
        }
    }
}
