import GooseAuditCore
import StructuredText

/// PreToolUse hooks that let the tool call through when the hook itself fails (docs
/// `context-engineering/hooks.md`: fail-open unless `on_failure: block`).
struct PolicyHookFailOpen: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "policy_hook_fail_open", title: "Policy hook lets tool calls through when it fails",
        summary: "Reports `PreToolUse` hook commands in plugin `hooks.json` files without `on_failure: block`.",
        rationale: """
            A `PreToolUse` hook is how a plugin vetoes tool calls. goose treats a hook that crashes, times out or \
            cannot start as \"no objection\" unless the hook says `on_failure: block`, so the policy disappears exactly \
            when someone breaks the hook (a missing interpreter, a slow network check, a deleted script).
            """,
        remediation: "Add `\"on_failure\": \"block\"` to policy hooks so a failing check stops the tool call.",
        severity: .medium, category: .permissions, kind: .configuration, artifactKinds: [.pluginHooks],
        references: ["CWE-636", "https://block.github.io/goose/docs/guides/context-engineering/hooks"],
        examples: [
            CheckExample(
                "fail-open policy hook", .fail, role: .agents,
                files: [
                    .file(
                        "plugins/guard/hooks/hooks.json",
                        "{\n  \"hooks\": {\n    \"PreToolUse\": [\n      {\"matcher\": \"shell\", \"hooks\": [{\"type\": \"command\", \"command\": \"/opt/guard/check\"}]}\n    ]\n  }\n}\n"
                    )
                ], expected: ["plugins/guard/hooks/hooks.json:4#hooks.PreToolUse[0].hooks[0].command"]),
            CheckExample(
                "fail-closed policy hook", .pass, role: .agents,
                files: [
                    .file(
                        "plugins/guard/hooks/hooks.json",
                        "{\"hooks\": {\"PreToolUse\": [{\"matcher\": \"shell\", \"hooks\": [{\"type\": \"command\", \"command\": \"/opt/guard/check\", \"on_failure\": \"block\"}]}]}}\n"
                    )
                ]),
        ])

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let groups = target.document()?.root?["hooks"]?["PreToolUse"] else { return [] }
        var findings: [Finding] = []
        for (groupIndex, group) in groups.items.enumerated() {
            let groupBlocks = group["on_failure"]?.string?.lowercased() == "block"
            for (hookIndex, hook) in (group["hooks"]?.items ?? []).enumerated() {
                guard let command = hook["command"], let text = command.string, !text.isEmpty, !groupBlocks,
                    hook["on_failure"]?.string?.lowercased() != "block"
                else { continue }
                let path: KeyPath = [
                    .key("hooks"), .key("PreToolUse"), .index(groupIndex), .key("hooks"), .index(hookIndex), .key("command"),
                ]
                let program = CommandFacts.program(text.split(separator: " ").first.map(String.init) ?? "")
                findings.append(
                    descriptor.finding(
                        Problem(
                            setting: .at(command, path, in: target.artifact),
                            message: "PreToolUse hook `\(program)` lets the tool call run when the hook fails (no `on_failure: block`)",
                            evidence: "PreToolUse \(program) fail-open", confidence: .medium),
                        anchor: target.artifact))
            }
        }
        return findings
    }
}
