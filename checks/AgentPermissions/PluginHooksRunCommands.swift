import GooseAuditCore
import StructuredText

/// GA-PERM-019: plugin hooks that run commands on goose lifecycle events.
struct PluginHooksRunCommands: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "plugin_hooks_run_commands", title: "Plugin hook runs a command",
        summary:
            "Reports every `command` in `.agents/plugins/*/hooks/hooks.json`; repository-supplied hooks are high, the user's own medium.",
        rationale: """
            goose runs plugin hook commands with `sh -c` on lifecycle events (session start, before and after tool \
            calls) without asking. A project's `.agents/plugins` directory is loaded from the working directory, so \
            cloning a repository and starting goose in it runs whatever its hooks say.
            """,
        remediation: "Read every hook command; disable plugins you do not trust with `disabledPlugins` in `settings.json`.",
        severity: .high, category: .permissions, kind: .configuration, artifactKinds: [.pluginHooks],
        references: ["CWE-78", "CWE-829", "https://block.github.io/goose/docs/guides/context-engineering/hooks"],
        examples: [
            CheckExample(
                "project hook", .fail, role: .path,
                files: [
                    .file(
                        ".agents/plugins/fmt/hooks/hooks.json",
                        "{\n  \"hooks\": {\n    \"SessionStart\": [\n      {\"hooks\": [{\"type\": \"command\", \"command\": \"./scripts/setup.sh\"}]}\n    ]\n  }\n}\n"
                    )
                ], expected: [".agents/plugins/fmt/hooks/hooks.json:4#hooks.SessionStart[0].hooks[0].command"]),
            CheckExample(
                "hooks without commands", .pass, role: .path,
                files: [
                    .file(".agents/plugins/fmt/hooks/hooks.json", "{\"hooks\": {}}\n")
                ]),
        ])

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let root = target.document()?.root else { return [] }
        let project = target.artifact.root.role == .path
        return root.leaves().filter { $0.keyPath.keys.last == "command" && !$0.scalar.value.isEmpty }.map { leaf in
            let event = leaf.keyPath.keys.dropFirst().first ?? "an event"
            let program = CommandFacts.program(leaf.scalar.value.split(separator: " ").first.map(String.init) ?? "")
            return descriptor.finding(
                Problem(
                    setting: .at(.scalar(leaf.scalar), leaf.keyPath, in: target.artifact),
                    message: "\(project ? "repository" : "user") plugin hook runs `\(program)` on \(event) without asking",
                    evidence: "hook command \(program)", severity: project ? nil : .medium),
                anchor: target.artifact)
        }
    }
}
