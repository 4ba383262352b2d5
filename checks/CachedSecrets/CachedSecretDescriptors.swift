import GooseAuditCore

/// The descriptors of the cached-secrets module: one per place goose keeps what passed through it.
enum CachedSecretDescriptors {
    static let rotate = "Revoke and rotate the credential at its provider first: purging the file does not un-leak it."
    static let rationale = """
        goose keeps what passes through it: prompts, tool calls and their output, provider requests and responses. \
        A credential that was pasted, printed by a tool or read from a file ends up in these caches in clear, \
        outlives the session, and is copied by backups, sync and diagnostics bundles; anyone who can read the \
        file holds the credential.
        """
    static let references = ["CWE-312", "CWE-532", "https://block.github.io/goose/docs/guides/logs"]

    // Fake credentials for the examples, built by concatenation so this file holds none.
    static let token = "ghp_" + "437JkPUL6jMyh7arNlDQnu0rp9MoZUKJWEJw"

    static let session = CheckDescriptor(
        id: "secret_in_session",
        title: "Credential kept in goose's session history",
        summary:
            "Reports credentials in goose's session store: every text column of `sessions.db` (message content, recipe JSON, recipe parameter values, extension data, session names and descriptions), read without changing a byte of it, and the legacy `sessions/*.jsonl` files goose leaves on disk after importing them.",
        rationale: rationale,
        remediation:
            "\(rotate) Then delete the sessions that hold it (`goose session list`, `goose session remove --id <id>`), delete the legacy `sessions/*.jsonl` files, and run sensitive automation with `--no-session`.",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.sessionDatabase, .legacySession],
        references: references,
        examples: [
            CheckExample(
                "token pasted into a legacy session", .fail, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file(
                        "sessions/20250101_1.jsonl",
                        """
                        {"working_dir":"/home/dev","description":"deploy"}
                        {"role":"user","created":1735725600,"content":[{"type":"text","text":"use GITHUB_TOKEN=\(token)"}]}

                        """),
                ], expected: ["sessions/20250101_1.jsonl:2#content[0].text"]),
            CheckExample(
                "conversation without credentials", .pass, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file(
                        "sessions/20250101_1.jsonl",
                        "{\"working_dir\":\"/home/dev\"}\n{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"use the keyring\"}]}\n"
                    ),
                ]),
        ])

    static let deleted = CheckDescriptor(
        id: "secret_in_deleted_session_data",
        title: "Credential surviving in deleted session data",
        summary:
            "Reports credentials in the raw bytes of `sessions.db`, its write-ahead log (`-wal`) or shared memory (`-shm`) that no live row holds: data of a removed session or message that survives in free pages or old WAL frames.",
        rationale: """
            Removing a session does not erase it: SQLite marks the pages free and the WAL keeps older frames until a \
            checkpoint overwrites them. A credential that was "deleted" with `goose session remove` is still on disk, \
            in every backup of the database, and readable by anyone who can read the file.
            """,
        remediation:
            "\(rotate) Then, with goose stopped, rewrite the database: `sqlite3 sessions.db 'PRAGMA wal_checkpoint(TRUNCATE); VACUUM;'` (or turn on `PRAGMA secure_delete`), and purge backups that hold older copies.",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.sessionDatabase, .sessionDatabaseSidecar],
        references: ["CWE-226", "CWE-312", "https://www.sqlite.org/wal.html"],
        examples: [
            CheckExample(
                "token left in the write-ahead log", .fail, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file("sessions/sessions.db-wal", "WAL frame [{\"type\":\"text\",\"text\":\"token \(token)\"}]\n"),
                ], expected: ["sessions/sessions.db-wal"]),
            CheckExample(
                "write-ahead log without credentials", .pass, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file("sessions/sessions.db-wal", "WAL frame [{\"type\":\"text\",\"text\":\"hello\"}]\n"),
                ]),
        ])

    static let requestLog = CheckDescriptor(
        id: "secret_in_request_log",
        title: "Credential in an LLM request log",
        summary:
            "Reports credentials in `logs/llm_request.*.jsonl`, where goose writes every provider request (system prompt with hints and memories, the whole conversation, tool results) and response.",
        rationale: rationale,
        remediation:
            "\(rotate) Then delete `<state>/logs/llm_request.*.jsonl`, and find which prompt or tool output carried the credential (the key path says where in the request it sat).",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.requestLog],
        references: references,
        examples: [
            CheckExample(
                "tool output with a token sent to the provider", .fail, role: .state,
                files: [
                    .directory("", mode: 0o700), .directory("logs", mode: 0o700),
                    .file(
                        "logs/llm_request.0.jsonl",
                        """
                        {"model_config":{"model_name":"gpt-4o"},"input":{"messages":[{"role":"tool","content":"GITHUB_TOKEN=\(token)"}]}}
                        {"data":{"choices":[]},"usage":{"input_tokens":10}}

                        """),
                ], expected: ["logs/llm_request.0.jsonl:1#input.messages[0].content"]),
            CheckExample(
                "request without credentials", .pass, role: .state,
                files: [
                    .directory("", mode: 0o700), .directory("logs", mode: 0o700),
                    .file(
                        "logs/llm_request.0.jsonl",
                        "{\"model_config\":{\"model_name\":\"gpt-4o\"},\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n"
                    ),
                ]),
        ])

    static let log = CheckDescriptor(
        id: "secret_in_log",
        title: "Credential in a goose log",
        summary:
            "Reports credentials in goose's CLI, server (goosed) and desktop logs, which record debug-level MCP traffic, tool calls and their output.",
        rationale: rationale,
        remediation:
            "\(rotate) Then delete the log files that hold it (`<state>/logs/cli`, `<state>/logs/server`, the desktop `logs/main.log`) and keep `RUST_LOG` at its default.",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.log],
        references: references,
        examples: [
            CheckExample(
                "tool output logged at debug level", .fail, role: .state,
                files: [
                    .directory("", mode: 0o700), .directory("logs", mode: 0o700), .directory("logs/cli", mode: 0o700),
                    .file(
                        "logs/cli/20260101_120000.log",
                        """
                        {"timestamp":"2026-01-01T12:00:00Z","level":"DEBUG","fields":{"message":"tool output","output":"export GITHUB_TOKEN=\(token)"}}

                        """),
                ], expected: ["logs/cli/20260101_120000.log:1#fields.output"]),
            CheckExample(
                "log without credentials", .pass, role: .state,
                files: [
                    .directory("", mode: 0o700), .directory("logs", mode: 0o700), .directory("logs/cli", mode: 0o700),
                    .file(
                        "logs/cli/20260101_120000.log",
                        "{\"timestamp\":\"2026-01-01T12:00:00Z\",\"level\":\"INFO\",\"fields\":{\"message\":\"started\"}}\n"),
                ]),
        ])

    static let history = CheckDescriptor(
        id: "secret_in_history",
        title: "Credential in the CLI prompt history",
        summary: "Reports credentials in goose's `history.txt`, where the CLI keeps every prompt typed or pasted.",
        rationale: rationale,
        remediation:
            "\(rotate) Then delete the lines from `history.txt`, and pass credentials through the keyring (`goose configure`) instead of prompts.",
        severity: .medium, category: .cachedSecrets, kind: .credential, artifactKinds: [.history],
        references: references,
        examples: [
            CheckExample(
                "token pasted into a prompt", .fail,
                files: [
                    .directory("", mode: 0o700), .file("history.txt", "list my repos\nmy token is \(token)\n"),
                ], expected: ["history.txt:2"]),
            CheckExample(
                "prompts without credentials", .pass,
                files: [
                    .directory("", mode: 0o700), .file("history.txt", "list my repos\nsummarise the last pull request\n"),
                ]),
        ])

    static let toolApprovals = CheckDescriptor(
        id: "secret_in_tool_approvals",
        title: "Credential in remembered tool approvals",
        summary:
            "Reports credentials in the `readable_context` of `tool_permissions.json`, a readable copy of the arguments of each tool call the user approved.",
        rationale: rationale,
        remediation: "\(rotate) Then delete `tool_permissions.json` (goose rebuilds it; remembered approvals are asked again).",
        severity: .low, category: .cachedSecrets, kind: .credential, artifactKinds: [.toolPermissionStore],
        references: references,
        examples: [
            CheckExample(
                "approved call with a token argument", .fail,
                files: [
                    .directory("", mode: 0o700), .directory("permissions", mode: 0o700),
                    .file(
                        "permissions/tool_permissions.json",
                        """
                        {
                          "permissions": {
                            "developer__shell": [
                              {"tool_name": "developer__shell", "allowed": true, "readable_context": "curl -H 'Authorization: token \(token)' https://api.github.com"}
                            ]
                          }
                        }

                        """),
                ], expected: ["permissions/tool_permissions.json:4#permissions.developer__shell[0].readable_context"]),
            CheckExample(
                "approvals without credentials", .pass,
                files: [
                    .directory("", mode: 0o700), .directory("permissions", mode: 0o700),
                    .file(
                        "permissions/tool_permissions.json",
                        "{\"permissions\": {\"developer__shell\": [{\"allowed\": true, \"readable_context\": \"ls -la\"}]}}\n"),
                ]),
        ])

    static let diagnostics = CheckDescriptor(
        id: "secret_in_diagnostics_bundle",
        title: "Credential in a diagnostics bundle",
        summary:
            "Reports credentials in the entries of a goose diagnostics bundle (`diagnostics_*.zip`: session JSON, config.yaml, logs), read in memory with caps on entry count, size and compression ratio.",
        rationale: """
            A diagnostics bundle packs the session, the configuration and the logs into one file meant to be attached \
            to an issue or sent to support. Any credential in them travels with it, to places that keep it forever.
            """,
        remediation:
            "\(rotate) Then delete the bundle and every copy attached to issues, tickets or chats, and review bundles before sharing them.",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.diagnosticsBundle],
        references: references,
        examples: [
            CheckExample(
                "session entry with a token", .fail, role: .desktop,
                files: [
                    .directory("", mode: 0o700),
                    .file(
                        "diagnostics_20260101_1.zip",
                        ZipExample.stored(name: "session.json", text: "{\"messages\":[{\"text\":\"\(token)\"}]}")),
                ], expected: ["diagnostics_20260101_1.zip#session.json.messages[0].text"]),
            CheckExample(
                "bundle without credentials", .pass, role: .desktop,
                files: [
                    .directory("", mode: 0o700),
                    .file("diagnostics_20260101_1.zip", ZipExample.stored(name: "system.txt", text: "goose 1.30.0 linux x86_64")),
                ]),
        ])
}
