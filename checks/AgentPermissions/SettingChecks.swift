import GooseAuditCore
import StructuredText

/// Checks on the effective value of goose settings (config layers and environment).
enum SettingChecks {
    static let docs = "https://block.github.io/goose/docs/guides/config-files"

    static var all: [any Check] {
        [
            gooseModeAuto, searchPathHijack, allowlistWeakened, sandboxWeakened, passthroughSkipsPermissions, telemetryCleartext,
            providerCleartext, recipeSourceUnsafe, injectedMessageFileUnsafe, promptInjectionGuardOff,
        ]
    }

    // MARK: GOOSE_MODE

    static let gooseModeAuto = SettingCheck(
        descriptor: CheckDescriptor(
            id: "goose_mode_auto", title: "Every tool call is auto-approved",
            summary: "Reports an effective `GOOSE_MODE` of `auto`, or no `GOOSE_MODE` at all (goose's code default is auto).",
            rationale: """
                In `auto` mode goose approves every tool call (shell commands, file edits, extension management) \
                without asking, and `permission.yaml` is not consulted at all. A prompt injection in a web page, an \
                issue or a cloned repository's hints then runs with the user's rights. When no layer and no \
                environment variable sets `GOOSE_MODE`, goose falls back to the enum default, which is auto (issue \
                #12448; some docs say smart_approve, so unset is reported with medium confidence). A configuration file \
                shared in a repository is what every user of it gets: an unset mode there is reported the same way.
                """,
            remediation: "Set `GOOSE_MODE: smart_approve` or `approve` explicitly; keep `auto` for disposable, sandboxed CI runners.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: [
                "CWE-250", "https://github.com/block/goose/issues/12448", "https://block.github.io/goose/docs/guides/goose-permissions",
            ],
            examples: [
                CheckExample(
                    "auto in the user file", .fail, files: [.file("config.yaml", "GOOSE_PROVIDER: openai\nGOOSE_MODE: auto\n")],
                    expected: ["config.yaml:2#GOOSE_MODE"]),
                CheckExample(
                    "mode never set", .fail, files: [.file("config.yaml", "GOOSE_PROVIDER: openai\n")], expected: ["config.yaml#GOOSE_MODE"]
                ),
                CheckExample(
                    "environment overrides the file", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_MODE": "auto"], expected: ["config.yaml#GOOSE_MODE"]),
                CheckExample("smart approve", .pass, files: [.file("config.yaml", "GOOSE_MODE: smart_approve\n")]),
                CheckExample(
                    "environment tightens the file", .pass, files: [.file("config.yaml", "GOOSE_MODE: auto\n")],
                    environment: ["GOOSE_MODE": "approve"]),
            ]),
        evaluate: { config in
            guard let mode = config.value("GOOSE_MODE") else {
                // A repository file may be one layer of several; another layer may set the mode.
                let repository = config.isRepositoryFile
                guard !config.isPartial else { return [] }
                return [
                    Problem(
                        setting: .unset("GOOSE_MODE", in: config.anchor),
                        message: repository
                            ? "this configuration does not set GOOSE_MODE; unless another layer does, goose falls back to auto"
                            : "GOOSE_MODE is not set, so goose falls back to auto and approves every tool call",
                        evidence: "GOOSE_MODE unset (code default auto)", confidence: .medium)
                ]
            }
            guard mode.string?.lowercased() == "auto" else { return [] }
            return [
                Problem(
                    setting: mode, message: "GOOSE_MODE is auto: every tool call is approved without asking", evidence: "GOOSE_MODE: auto")
            ]
        })

    // MARK: prompt-injection guards

    static let promptInjectionGuardOff = SettingCheck(
        descriptor: CheckDescriptor(
            id: "prompt_injection_guard_off", title: "No prompt-injection guard in front of tool calls",
            summary: "Reports an installation where `SECURITY_PROMPT_ENABLED` is false or unset and no `adversary.md` reviewer policy exists.",
            rationale: """
                goose can screen tool calls for prompt injection (`SECURITY_PROMPT_ENABLED`, off by default) and have                 an adversary reviewer check shell commands against `<config>/adversary.md`. With neither, text the                 agent reads (a web page, an issue, a repository's hints) reaches the tool-calling loop unchecked;                 only the approval mode stands in the way. Both guards are best effort (the reviewer fails open), so                 this is advice, not a weakness by itself.
                """,
            remediation: "Set `SECURITY_PROMPT_ENABLED: true` and/or write an `adversary.md` reviewer policy in goose's config directory; keep a strict GOOSE_MODE as the real control.",
            severity: .low, category: .permissions, kind: .hygiene, artifactKinds: configKinds,
            references: ["CWE-1427", "https://block.github.io/goose/docs/guides/security/adversary-mode"],
            examples: [
                CheckExample(
                    "no guard", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")], expected: ["config.yaml#SECURITY_PROMPT_ENABLED"]),
                CheckExample("detection on", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\nSECURITY_PROMPT_ENABLED: true\n")]),
                CheckExample(
                    "adversary reviewer policy", .pass,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\n"), .file("adversary.md", "Block shell commands that send data out.\n")]),
            ]),
        evaluate: { config in
            // A repository file is one layer of someone else's installation: say nothing about it.
            guard !config.isRepositoryFile, !config.isTrue("SECURITY_PROMPT_ENABLED") else { return [] }
            let root = config.anchor.root
            if root.role == .config, case .success = FileMetadata.lstat(root.path + "/adversary.md") { return [] }
            guard !config.isPartial || config.value("SECURITY_PROMPT_ENABLED") != nil else { return [] }
            let setting = config.value("SECURITY_PROMPT_ENABLED") ?? .unset("SECURITY_PROMPT_ENABLED", in: config.anchor)
            return [
                Problem(
                    setting: setting, message: "tool calls reach the agent loop without a prompt-injection guard",
                    evidence: config.value("SECURITY_PROMPT_ENABLED") == nil ? "SECURITY_PROMPT_ENABLED unset, no adversary.md" : "SECURITY_PROMPT_ENABLED false, no adversary.md")
            ]
        })

    // MARK: GOOSE_SEARCH_PATHS

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
                            ExtensionChecks.stdio(
                                header: "GOOSE_MODE: approve\nGOOSE_SEARCH_PATHS: [\"./bin\", \"/opt/tools\", \"/tmp/tools\"]\n",
                                cmd: "npx", args: "[\"@acme/jira@1.0.0\"]"))
                    ], expected: ["config.yaml:2#GOOSE_SEARCH_PATHS[0]", "config.yaml:2#GOOSE_SEARCH_PATHS[2]"]),
                CheckExample(
                    "absolute commands only", .pass,
                    files: [
                        .file(
                            "config.yaml",
                            ExtensionChecks.stdio(
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

    // MARK: Allowlist

    static let allowlistWeakened = SettingCheck(
        descriptor: CheckDescriptor(
            id: "allowlist_weakened", title: "Extension allowlist fetched insecurely or switched off",
            summary:
                "Reports a `GOOSE_ALLOWLIST` that is not an `https://` URL, and `GOOSE_ALLOWLIST_BYPASS` or `GOOSE_ALLOWLIST_WARNING` set to true.",
            rationale: """
                The allowlist is goose's only gate on extension installs from `goose://extension` links, and it \
                already fails open (a fetch error means \"trusted\"). Fetched over plain http, anyone on the path can \
                serve an allowlist of their own; `GOOSE_ALLOWLIST_WARNING` turns blocking into an \"Install anyway\" \
                button; `GOOSE_ALLOWLIST_BYPASS` was added for developers (PR #2149) and switches the server-side \
                check off (that check is disabled in current builds, so the bypass is reported with medium confidence).
                """,
            remediation:
                "Host the allowlist over HTTPS with full commands, and remove the bypass and warning variables outside test harnesses.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: [
                "CWE-319", "CWE-693", "https://block.github.io/goose/docs/guides/allowlist", "https://github.com/block/goose/issues/11705",
            ],
            examples: [
                CheckExample(
                    "http allowlist and warning mode", .fail,
                    files: [
                        .file("config.yaml", "GOOSE_MODE: approve\nGOOSE_ALLOWLIST: http://intranet.example/allow.yaml\n")
                    ], environment: ["GOOSE_ALLOWLIST_WARNING": "true"],
                    expected: ["config.yaml:2#GOOSE_ALLOWLIST", "config.yaml#GOOSE_ALLOWLIST_WARNING"]),
                CheckExample(
                    "https allowlist", .pass,
                    files: [
                        .file("config.yaml", "GOOSE_MODE: approve\nGOOSE_ALLOWLIST: https://intranet.example/allow.yaml\n")
                    ], environment: ["GOOSE_ALLOWLIST_BYPASS": "false"]),
            ]),
        subjects: ["GOOSE_ALLOWLIST"],
        evaluate: { config in
            var problems: [Problem] = []
            if let url = config.value("GOOSE_ALLOWLIST"), let text = url.string, !text.isEmpty, !URLFacts.isHTTPS(text) {
                problems.append(
                    Problem(
                        setting: url,
                        message: "the extension allowlist is fetched from a non-https location, so anyone on the path can replace it",
                        evidence: "GOOSE_ALLOWLIST scheme \(text.prefix { $0 != ":" })"))
            }
            if config.isTrue("GOOSE_ALLOWLIST_BYPASS"), let bypass = config.value("GOOSE_ALLOWLIST_BYPASS") {
                problems.append(
                    Problem(
                        setting: bypass, message: "GOOSE_ALLOWLIST_BYPASS switches the extension allowlist off",
                        evidence: "GOOSE_ALLOWLIST_BYPASS=true", confidence: .medium))
            }
            if config.isTrue("GOOSE_ALLOWLIST_WARNING"), let warning = config.value("GOOSE_ALLOWLIST_WARNING") {
                problems.append(
                    Problem(
                        setting: warning, message: "GOOSE_ALLOWLIST_WARNING turns allowlist blocking into an \"install anyway\" prompt",
                        evidence: "GOOSE_ALLOWLIST_WARNING=true", severity: .medium))
            }
            return problems
        })

    // MARK: Sandbox

    /// Sandbox knobs and the value that weakens each (goose-surface §4.6).
    static let sandboxKnobs: [(String, String, String)] = [
        ("GOOSE_SANDBOX_PROTECT_FILES", "false", "stops write-protecting ~/.ssh, shell rc files and goose's own config"),
        ("GOOSE_SANDBOX_BLOCK_RAW_SOCKETS", "false", "lets the agent open raw sockets past the egress proxy"),
        ("GOOSE_SANDBOX_BLOCK_TUNNELING", "false", "allows tunnelling through the egress proxy"),
        ("GOOSE_SANDBOX_ALLOW_IP", "true", "allows connections to bare IP addresses, bypassing the domain blocklist"),
        ("GOOSE_SANDBOX_SSH_ALL_HOSTS", "true", "allows ssh to every host"),
        ("GOOSE_SANDBOX_LD_FAILOVER", "allow", "allows all traffic when the LaunchDarkly policy cannot be fetched"),
    ]

    static let sandboxWeakened = SettingCheck(
        descriptor: CheckDescriptor(
            id: "sandbox_weakened", title: "Desktop sandbox weakened",
            summary:
                "Reports sandbox knobs set to their weakening value (`GOOSE_SANDBOX_PROTECT_FILES=false`, `GOOSE_SANDBOX_ALLOW_IP=true`, …).",
            rationale: """
                `GOOSE_SANDBOX` runs the macOS Desktop backend under `sandbox-exec` with an egress proxy; it is the \
                only containment goose offers. Each of these knobs removes one of its protections. With the sandbox \
                off they have no effect yet, so they are then reported as low.
                """,
            remediation: "Remove the knob (restoring the default) unless a documented exception needs it.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-693", "https://block.github.io/goose/docs/guides/sandbox"],
            examples: [
                CheckExample(
                    "sandbox on, file protection off", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_SANDBOX": "true", "GOOSE_SANDBOX_PROTECT_FILES": "false"],
                    expected: ["config.yaml#GOOSE_SANDBOX_PROTECT_FILES"]),
                CheckExample(
                    "sandbox defaults", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_SANDBOX": "true"]),
            ]),
        subjects: ["GOOSE_SANDBOX"],
        evaluate: { config in
            let enabled = config.isTrue("GOOSE_SANDBOX")
            return sandboxKnobs.compactMap { key, weak, effect in
                guard let value = config.value(key), value.string?.lowercased() == weak else { return nil }
                return Problem(
                    setting: value,
                    message: "\(key)=\(weak) \(effect)\(enabled ? "" : " (the sandbox is not enabled, so this has no effect yet)")",
                    evidence: "\(key)=\(weak)", severity: enabled ? nil : .low)
            }
        })

    // MARK: Pass-through providers

    static let passthroughCommands = ["CLAUDE_CODE_COMMAND", "CODEX_COMMAND", "GEMINI_CLI_COMMAND", "CURSOR_AGENT_COMMAND"]
    static let skippingFlags = [
        "--dangerously", "--yolo", "--full-auto", "bypasspermissions", "--skip-permissions", "--approval-mode=yolo", "--force",
    ]

    static let passthroughSkipsPermissions = SettingCheck(
        descriptor: CheckDescriptor(
            id: "passthrough_provider_skips_permissions", title: "Pass-through provider skips its own permission prompts",
            summary:
                "Reports `CLAUDE_CODE_COMMAND`, `CODEX_COMMAND`, `GEMINI_CLI_COMMAND` or `CURSOR_AGENT_COMMAND` with `--dangerously-*`, `--yolo`-style flags, and `CODEX_SKIP_GIT_CHECK: true`.",
            rationale: """
                With a CLI pass-through provider, the other agent runs the tools and goose's permission mode does \
                not apply. Flags such as `--dangerously-skip-permissions` (issue #3386) make that agent approve every \
                command itself, so nothing asks before a shell command runs. `CODEX_SKIP_GIT_CHECK` lets Codex work \
                outside a git repository, where its changes cannot be reviewed or reverted.
                """,
            remediation: "Remove the permission-skipping flags from the pass-through command and leave `CODEX_SKIP_GIT_CHECK` unset.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-250", "https://github.com/block/goose/issues/3386"],
            examples: [
                CheckExample(
                    "claude with dangerously-skip-permissions", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\nGOOSE_PROVIDER: claude-code\nCLAUDE_CODE_COMMAND: claude --dangerously-skip-permissions\n"
                        )
                    ], expected: ["config.yaml:3#CLAUDE_CODE_COMMAND"]),
                CheckExample(
                    "plain command", .pass,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\nCLAUDE_CODE_COMMAND: claude\nCODEX_SKIP_GIT_CHECK: false\n")]),
            ]),
        subjects: ["CLAUDE_CODE_COMMAND", "CODEX_", "GEMINI_CLI_COMMAND", "CURSOR_AGENT_COMMAND"],
        evaluate: { config in
            var problems: [Problem] = passthroughCommands.compactMap { key in
                guard let value = config.value(key), let text = value.string?.lowercased(),
                    let flag = skippingFlags.first(where: { text.contains($0) })
                else { return nil }
                return Problem(
                    setting: value,
                    message: "\(key) passes a permission-skipping flag (\(flag)…), so the provider runs every tool without asking",
                    evidence: "\(key) contains \(flag)")
            }
            if config.isTrue("CODEX_SKIP_GIT_CHECK"), let skip = config.value("CODEX_SKIP_GIT_CHECK") {
                problems.append(
                    Problem(
                        setting: skip, message: "CODEX_SKIP_GIT_CHECK lets Codex change files outside a git repository",
                        evidence: "CODEX_SKIP_GIT_CHECK=true", severity: .low))
            }
            return problems
        })
}
