import GooseAuditCore
import StructuredText

extension ExtensionRules {
    /// `extension_denylisted_env`: extension sets an environment variable goose forbids.
    struct DenylistedEnv: ExtensionRule {
        let appliesToRecipes = true
        let descriptor = CheckDescriptor(
            id: "extension_denylisted_env", title: "Extension sets an environment variable goose forbids",
            summary:
                "Reports extension `envs` keys on goose's 31-entry denylist (`LD_PRELOAD`, `NODE_OPTIONS`, `PATH`, `PYTHONPATH`, …).",
            rationale: """
                goose drops these keys (PR #1803) because they let a config entry load code into the extension \
                process or redirect which binary runs. A legitimate setup has no reason to write them, so their \
                presence points at tampering, a malicious shared config, or a definition copied from an \
                untrusted source; older builds honoured them.
                """,
            remediation: "Remove the key and find out who added it; review the extension definition as a whole.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-426", "CWE-15", "https://github.com/block/goose/pull/1803"],
            examples: [
                CheckExample(
                    "LD_PRELOAD in envs", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            stdio(
                                cmd: "/opt/tools/jira-mcp", args: "[stdio]",
                                extra: "    envs:\n      JIRA_URL: https://jira.example\n      LD_PRELOAD: /tmp/x.so\n"))
                    ], expected: ["config.yaml:10#extensions.jira.envs.LD_PRELOAD"]),
                CheckExample(
                    "ordinary envs", .pass,
                    files: [
                        .file(
                            "config.yaml",
                            stdio(
                                cmd: "/opt/tools/jira-mcp", args: "[stdio]", extra: "    envs:\n      JIRA_URL: https://jira.example\n")
                        )
                    ]),
            ])

        func problems(_ entry: MergedEntry) -> [Problem] {
            let name = entry.name
            guard let envs = entry["envs"] else { return [] }
            return envs.node.pairs.map { envs.entry($0) }.compactMap { setting in
                guard let key = setting.keyPath.keys.last, Self.denylist.contains(key.uppercased()) else { return nil }
                return Problem(
                    setting: setting,
                    message: "extension `\(name)` sets `\(key)`, which goose refuses for extensions; its presence suggests tampering",
                    evidence: "envs key \(key)")
            }
        }

        /// goose's `Envs::DISALLOWED_KEYS` (31 entries, compared case-insensitively).
        static let denylist: Set<String> = Set(
            [
                "PATH", "PATHEXT", "SystemRoot", "windir", "LD_LIBRARY_PATH", "LD_PRELOAD", "LD_AUDIT", "LD_DEBUG", "LD_BIND_NOW",
                "LD_ASSUME_KERNEL", "DYLD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "DYLD_FRAMEWORK_PATH", "PYTHONPATH", "PYTHONHOME",
                "NODE_OPTIONS", "RUBYOPT", "GEM_PATH", "GEM_HOME", "CLASSPATH", "GO111MODULE", "GOROOT", "APPINIT_DLLS",
                "SESSIONNAME", "ComSpec", "TEMP", "TMP", "LOCALAPPDATA", "USERPROFILE", "HOMEDRIVE", "HOMEPATH",
            ].map { $0.uppercased() })
    }
}
