import GooseAuditCore
import StructuredText

extension ExtensionRules {
    /// `extension_inline_python`: inline Python extension.
    struct InlinePython: ExtensionRule {
        let appliesToRecipes = false
        let descriptor = CheckDescriptor(
            id: "extension_inline_python", title: "Inline Python extension",
            summary: "Reports `inline_python` extensions in the effective configuration.",
            rationale: """
                An `inline_python` extension is Python source kept in the config file and run through `uvx` \
                with whatever `dependencies` it lists, unpinned and unsandboxed. Anyone who can edit a config \
                layer can change the code, and reviewers rarely read it.
                """,
            remediation: "Replace it with a reviewed, packaged and pinned MCP server, or remove it.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-94"] + references,
            examples: [
                CheckExample(
                    "inline python helper", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\nextensions:\n  helper:\n    enabled: true\n    type: inline_python\n    code: print('hi')\n    available_tools: [run]\n"
                        )
                    ], expected: ["config.yaml:6#extensions.helper.code"]),
                CheckExample(
                    "disabled inline python is still reported, one severity lower", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\nextensions:\n  helper:\n    enabled: false\n    type: inline_python\n    code: print('hi')\n"
                        )
                    ], expected: ["config.yaml:6#extensions.helper.code"]),
                CheckExample(
                    "a packaged stdio server", .pass,
                    files: [.file("config.yaml", stdio(cmd: "/opt/tools/helper-mcp", args: "[--stdio]"))]),
            ])

        func problems(_ entry: MergedEntry) -> [Problem] {
            let name = entry.name
            guard entry.type == "inline_python", let type = entry["type"] else { return [] }
            guard let code = entry["code"], CommandFacts.pipesDownloadIntoShell(code.string ?? "") else {
                return [
                    Problem(
                        setting: entry["code"] ?? type,
                        message: "extension `\(name)` runs inline Python code (and its runtime dependencies) unsandboxed",
                        evidence: "type: inline_python")
                ]
            }
            return [
                Problem(
                    setting: code, message: "extension `\(name)` runs inline Python code that downloads a script and pipes it into a shell",
                    evidence: "inline_python with download piped into a shell", severity: .high)
            ]
        }
    }
}
