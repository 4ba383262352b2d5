import GooseAuditCore
import StructuredText

extension ExtensionRules {
    /// `extension_all_tools_exposed`: extension exposes all of its tools.
    struct AllToolsExposed: ExtensionRule {
        let appliesToRecipes = false
        let descriptor = CheckDescriptor(
            id: "extension_all_tools_exposed", title: "Extension exposes all of its tools",
            summary: "Reports enabled stdio, streamable_http and inline_python extensions whose `available_tools` is missing or empty.",
            rationale: """
                An empty `available_tools` means every tool the server offers, today and after its next update, \
                is in the agent's reach. Listing the tools a task needs is the least-privilege control goose \
                offers per extension; built-in and platform extensions are goose's own and are not reported.
                """,
            remediation: "List only the tools you use in `available_tools`.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-250"] + references,
            examples: [
                CheckExample(
                    "stdio server with every tool", .fail,
                    files: [
                        .file("config.yaml", stdio(cmd: "/opt/tools/jira-mcp", args: "[stdio]", extra: "    available_tools: []\n"))
                    ], expected: ["config.yaml:8#extensions.jira.available_tools"]),
                CheckExample(
                    "restricted tools and builtins", .pass,
                    files: [
                        .file(
                            "config.yaml",
                            stdio(cmd: "/opt/tools/jira-mcp", args: "[stdio]")
                                + "  developer:\n    enabled: true\n    type: builtin\n    available_tools: []\n")
                    ]),
            ])

        func problems(_ entry: MergedEntry) -> [Problem] {
            let name = entry.name
            guard Self.hasOwnTools(entry.type), let type = entry["type"], entry["available_tools"]?.node.items.isEmpty ?? true else {
                return []
            }
            let place =
                entry["available_tools"]
                ?? Setting(node: type.node, keyPath: KeyPath(type.keyPath.components.dropLast()), origin: type.origin)
            return [
                Problem(
                    setting: place, message: "extension `\(name)` exposes every tool it has (`available_tools` is empty)",
                    evidence: "type: \(entry.type)")
            ]
        }

        /// Extension types whose tools come from outside goose (built-in and platform tools are goose's own).
        static func hasOwnTools(_ type: String) -> Bool {
            ["stdio", "streamable_http", "inline_python"].contains(type)
        }
    }
}
