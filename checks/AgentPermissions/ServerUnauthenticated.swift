import GooseAuditCore
import StructuredText

/// `server_unauthenticated`: a goose server without authentication.
extension ServerChecks {
    static let unauthenticated = SettingCheck(
        descriptor: CheckDescriptor(
            id: "server_unauthenticated", title: "goose server runs without authentication",
            summary:
                "Reports `goose serve --dangerously-unauthenticated` in service definitions and scripts, and `GOOSE_EXTERNAL_BACKEND` set in the environment, config or service files.",
            rationale: """
                `goose serve` refuses to start without `GOOSE_SERVER__SECRET_KEY` unless `--dangerously-unauthenticated` \
                is given; with it, anyone who reaches the port drives the agent. `GOOSE_EXTERNAL_BACKEND` makes the \
                Desktop use the fixed key `test` for its backend (issue #7555), which any local process or web page \
                that can reach the port knows.
                """,
            remediation:
                "Remove `--dangerously-unauthenticated` and `GOOSE_EXTERNAL_BACKEND`; start the server with a random `GOOSE_SERVER__SECRET_KEY`.",
            severity: .critical, category: .permissions, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-306", "https://github.com/block/goose/issues/7555", docs],
            examples: [
                CheckExample(
                    "unauthenticated serve", .fail, role: .path,
                    files: [
                        .file(
                            "goose-serve.service",
                            "[Service]\nExecStart=/usr/local/bin/goose serve --host 127.0.0.1 --dangerously-unauthenticated\n")
                    ], expected: ["goose-serve.service:2"]),
                CheckExample(
                    "external backend variable", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_EXTERNAL_BACKEND": "1"], expected: ["config.yaml#GOOSE_EXTERNAL_BACKEND"]),
                CheckExample(
                    "authenticated serve", .pass, role: .path,
                    files: [
                        .file(
                            "goose-serve.service",
                            "[Service]\nEnvironmentFile=/etc/goose/serve.env\nExecStart=/usr/local/bin/goose serve --host 127.0.0.1\n")
                    ]),
            ]),
        subjects: ["GOOSE_EXTERNAL_BACKEND"],
        evaluate: { config in
            guard let backend = config.value("GOOSE_EXTERNAL_BACKEND"), !(backend.string ?? "").isEmpty else { return [] }
            return [Problem(setting: backend, message: externalBackendMessage, evidence: "GOOSE_EXTERNAL_BACKEND set")]
        },
        inspectFile: { target in
            guard target.artifact.kind != .desktopSettings, let service = ServiceText.of(target) else { return [] }
            var problems: [Problem] = []
            if let flag = service.word("--dangerously-unauthenticated") {
                problems.append(
                    Problem(
                        setting: flag.setting,
                        message: "goose serve is started with --dangerously-unauthenticated: anyone who reaches the port drives the agent",
                        evidence: "--dangerously-unauthenticated"))
            }
            if let backend = service.value(of: "GOOSE_EXTERNAL_BACKEND"), !backend.text.isEmpty {
                problems.append(Problem(setting: backend.setting, message: externalBackendMessage, evidence: "GOOSE_EXTERNAL_BACKEND set"))
            }
            return problems
        })

    /// Bind addresses that accept connections from other machines.
}
