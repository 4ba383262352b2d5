import GooseAuditCore

/// A filesystem MCP server rooted at `/` or a home folder.
enum ExtensionFilesystemRoot {
    static let check = ExtensionEntryCheck(
        descriptor: CheckDescriptor(
            id: "extension_filesystem_root", title: "Filesystem server rooted at / or the home folder",
            summary:
                "Reports filesystem MCP servers (`@modelcontextprotocol/server-filesystem` and the like) given `/`, `~`, `$HOME` or `/home/<user>` as an allowed directory.",
            rationale: """
                A filesystem server exposes read and write tools over every directory it is given. Rooted at `/` or \
                the home folder, it hands the agent `~/.ssh`, cloud credentials, goose's own `secrets.yaml` and \
                session database, and every dotfile: one prompt injection away from reading or rewriting them.
                """,
            remediation:
                "Give the server only the project directories it needs (`/home/alice/projects/site`), never `/` or the home folder.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: ExtensionRules.kinds,
            references: ["CWE-552", "CWE-732"] + ExtensionRules.references,
            examples: [
                CheckExample(
                    "home folder", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            ExtensionRules.stdio(cmd: "npx", args: #"["-y", "@modelcontextprotocol/server-filesystem@2025.3.28", "~"]"#))
                    ],
                    expected: ["config.yaml:7#extensions.jira.args[2]"]),
                CheckExample(
                    "a project folder", .pass,
                    files: [
                        .file(
                            "config.yaml",
                            ExtensionRules.stdio(
                                cmd: "npx",
                                args: #"["-y", "@modelcontextprotocol/server-filesystem@2025.3.28", "/home/alice/projects/site"]"#))
                    ]),
            ]),
        judge: { entry in
            let words = CommandFacts.words(entry)
            guard let index = CommandLineFacts.filesystemRoot(words.map(\.0)), words.indices.contains(index) else { return [] }
            return [
                Problem(
                    setting: words[index].1,
                    message:
                        "extension `\(entry.name)` serves files from `\(words[index].0)`: the agent can read and write every file there, credentials included",
                    evidence: "filesystem root \(words[index].0)")
            ]
        })
}
