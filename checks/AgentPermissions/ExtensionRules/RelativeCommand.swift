import GooseAuditCore

/// An extension whose command depends on where goose starts or on `PATH`.
enum ExtensionRelativeCommand {
    static let check = ExtensionEntryCheck(
        descriptor: CheckDescriptor(
            id: "extension_relative_command", title: "Extension command found relative to where goose starts",
            summary:
                "Reports stdio extensions that run a script by a relative path (`node dist/index.js`, `./server`, `python tools/mcp.py`), and, as low, bare commands that `PATH` resolves.",
            rationale: """
                goose starts stdio extensions in the directory it was opened in. A relative script path then runs \
                whatever file that directory holds: opening goose inside a cloned repository runs the repository's \
                `dist/index.js` with the user's rights, before any tool call is approved. A bare command name runs \
                the first match on `PATH` (and goose's own search paths), which a writable directory early on the \
                path can shadow.
                """,
            remediation:
                "Start the server by absolute path (`/opt/acme-mcp/dist/index.js`, `/usr/local/bin/acme-mcp`) from a directory only you can write.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: ExtensionRules.kinds,
            references: ["CWE-426", "CWE-427"] + ExtensionRules.references,
            examples: [
                CheckExample(
                    "node with a relative script", .fail,
                    files: [.file("config.yaml", ExtensionRules.stdio(cmd: "node", args: #"["dist/index.js"]"#))],
                    expected: ["config.yaml:7#extensions.jira.args[0]"]),
                CheckExample(
                    "a bare command", .fail, files: [.file("config.yaml", ExtensionRules.stdio(cmd: "jira-mcp", args: "[--stdio]"))],
                    expected: ["config.yaml:6#extensions.jira.cmd"]),
                CheckExample(
                    "absolute script path", .pass,
                    files: [.file("config.yaml", ExtensionRules.stdio(cmd: "node", args: #"["/opt/jira-mcp/dist/index.js"]"#))]),
                CheckExample(
                    "a pinned package runner", .pass,
                    files: [.file("config.yaml", ExtensionRules.stdio(cmd: "npx", args: #"["-y", "@acme/jira-mcp@1.4.2"]"#))]),
            ]),
        judge: { entry in
            guard entry.type == "stdio" || entry["cmd"] != nil else { return [] }
            let words = CommandFacts.words(entry)
            let texts = words.map(\.0)
            if let index = CommandLineFacts.relativeScript(texts), words.indices.contains(index) {
                return [
                    Problem(
                        setting: words[index].1,
                        message:
                            "extension `\(entry.name)` runs `\(texts[index])` relative to the directory goose starts in; opening goose in another folder runs that folder's file",
                        evidence: "relative path \(texts[index])")
                ]
            }
            guard CommandLineFacts.bareCommand(texts), let first = words.first else { return [] }
            return [
                Problem(
                    setting: first.1,
                    message: "extension `\(entry.name)` runs `\(first.0)`, whichever file `PATH` finds first when goose starts",
                    evidence: "bare command \(first.0)", severity: .low)
            ]
        })
}
