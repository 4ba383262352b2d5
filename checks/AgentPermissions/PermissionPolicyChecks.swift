import GooseAuditCore
import StructuredText

/// Checks on `permission.yaml`, goose's per-tool approval policy.
enum PermissionPolicyChecks {
    static let docs = "https://block.github.io/goose/docs/guides/managing-tools/tool-permissions"

    static var all: [any Check] { [AlwaysAllowDangerous(), RulesIgnoredInAuto()] }

    /// The entries of `<category>.<list>` (`user.always_allow`) with their places.
    static func entries(_ target: CheckTarget, _ list: String, in category: String = "user") -> [(String, Setting)] {
        guard target.artifact.name == "permission.yaml", let root = target.gooseRoot, let section = root.pair(category),
            let pair = section.value.pair(list)
        else { return [] }
        let setting = Setting.at(section.value, [.key(category)], in: target.artifact).entry(pair)
        return setting.list
    }
}

/// GA-PERM-003: shell, editor, automation or extension-manager tools that never ask.
struct AlwaysAllowDangerous: Check {
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

/// GA-PERM-002: `never_allow`/`ask_before` rules next to a configuration in auto mode.
struct RulesIgnoredInAuto: Check {
    let descriptor = CheckDescriptor(
        id: "permission_rules_ignored_in_auto", title: "Tool permission rules ignored in auto mode",
        summary:
            "Reports `permission.yaml` `never_allow` and `ask_before` entries beside a configuration whose effective `GOOSE_MODE` is auto (or unset).",
        rationale: """
            In auto mode goose approves every tool call without consulting `permission.yaml`, so a `never_allow` \
            entry that looks like a guard rail does nothing. The rules only hold in approve and smart_approve modes.
            """,
        remediation: "Switch `GOOSE_MODE` to `smart_approve` or `approve` if the rules must hold; otherwise know that they are inert.",
        severity: .info, category: .permissions, kind: .hygiene, artifactKinds: configKinds.union([.permissionPolicy]),
        references: [PermissionPolicyChecks.docs, "https://block.github.io/goose/docs/guides/goose-permissions"],
        examples: [
            CheckExample(
                "never_allow under auto", .fail,
                files: [
                    .file("config.yaml", "GOOSE_MODE: auto\n"),
                    .file("permission.yaml", "user:\n  never_allow: [developer__shell]\n"),
                ], expected: ["permission.yaml:2#user.never_allow"]),
            CheckExample(
                "never_allow under approve", .pass,
                files: [
                    .file("config.yaml", "GOOSE_MODE: approve\n"),
                    .file("permission.yaml", "user:\n  never_allow: [developer__shell]\n"),
                ]),
        ])

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let policies = scan.targets(of: [.permissionPolicy]).filter { $0.artifact.name == "permission.yaml" }
        return unique(
            EffectiveConfig.all(in: scan).flatMap { config -> [Finding] in
                let mode = config.string("GOOSE_MODE")?.lowercased() ?? "auto"
                guard mode == "auto" else { return [] }
                let directory = Self.directory(config.anchor.path)
                return policies.filter { Self.directory($0.artifact.path) == directory }.flatMap { policy in
                    ["never_allow", "ask_before"].compactMap { list -> Finding? in
                        let entries = PermissionPolicyChecks.entries(policy, list)
                        guard let first = entries.first else { return nil }
                        var setting = first.1
                        setting.keyPath = KeyPath(setting.keyPath.components.dropLast())
                        if case .file(let artifact, _) = setting.origin, let line = policy.gooseRoot?["user"]?.pair(list)?.key.position {
                            setting.origin = .file(artifact, line)
                        }
                        let tools = entries.map(\.0).joined(separator: ", ")
                        return descriptor.finding(
                            Problem(
                                setting: setting, message: "\(list) rules (\(tools)) are ignored because goose runs in auto mode",
                                evidence: "\(list) with \(entries.count) tools; GOOSE_MODE \(mode)"),
                            anchor: policy.artifact)
                    }
                }
            })
    }

    static func directory(_ path: String) -> Substring {
        path.lastIndex(of: "/").map { path[..<$0] } ?? ""
    }
}
