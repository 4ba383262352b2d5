import GooseAuditCore
import StructuredText

/// `extension_search_path_hijack`: extension commands resolved through an unsafe search path.
extension SettingChecks {
    static let searchPathHijack = SettingCheck(
        descriptor: CheckDescriptor(
            id: "extension_search_path_hijack", title: "Extension commands resolve through an unsafe search path",
            summary:
                "Reports `GOOSE_SEARCH_PATHS` entries that are relative, under a shared temporary directory or writable by other users, while an enabled stdio extension starts a bare or relative command.",
            rationale: """
                goose prepends `GOOSE_SEARCH_PATHS` to `PATH` when it resolves an extension's `cmd`. A bare `npx` or \
                `uvx` is then looked up in those directories first: a relative entry depends on the directory goose \
                is started in (a cloned repository can ship `./bin/npx`), and an entry under `/tmp` or writable by \
                others lets another local user plant the binary goose runs as you.
                """,
            remediation:
                "Use absolute `cmd` paths, and keep only root- or owner-owned, owner-writable directories in `GOOSE_SEARCH_PATHS`.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-426", "CWE-427", docs],
            examples: [
                CheckExample(
                    "relative and /tmp entries", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            ExtensionRules.stdio(
                                header: "GOOSE_MODE: approve\nGOOSE_SEARCH_PATHS: [\"./bin\", \"/opt/tools\", \"/tmp/tools\"]\n",
                                cmd: "npx", args: "[\"@acme/jira@1.0.0\"]"))
                    ], expected: ["config.yaml:2#GOOSE_SEARCH_PATHS[0]", "config.yaml:2#GOOSE_SEARCH_PATHS[2]"]),
                CheckExample(
                    "absolute commands only", .pass,
                    files: [
                        .file(
                            "config.yaml",
                            ExtensionRules.stdio(
                                header: "GOOSE_MODE: approve\nGOOSE_SEARCH_PATHS: [\"./bin\"]\n", cmd: "/opt/tools/jira", args: "[stdio]"))
                    ]),
            ]),
        subjects: ["GOOSE_SEARCH_PATHS"],
        evaluate: { config in
            guard let paths = config.value("GOOSE_SEARCH_PATHS") else { return [] }
            let bare = config.extensions.filter { $0.type == "stdio" }.compactMap { entry in
                entry["cmd"]?.string.flatMap { $0.hasPrefix("/") || $0.hasPrefix("~") ? nil : "`\($0)` (\(entry.name))" }
            }
            guard !bare.isEmpty else { return [] }
            return paths.list.compactMap { entry, setting in
                guard let weakness = UnsafePaths.weakness(entry) else { return nil }
                return Problem(
                    setting: setting,
                    message: "search path `\(entry)` \(weakness); goose looks up \(bare.joined(separator: ", ")) there first",
                    evidence: "\(entry): \(weakness)")
            }
        })
}
