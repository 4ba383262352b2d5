import GooseAuditCore
import StructuredText

/// goosed started with no `GOOSE_SERVER__SECRET_KEY`: it falls back to the fixed key `test`
/// (`goose-server/src/commands/agent.rs`; `goose serve` refuses to start instead).
enum ServerKeyMissing {
    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "server_secret_key_missing", title: "goosed started without a secret key",
            summary:
                "Reports service definitions that start `goosed` without setting `GOOSE_SERVER__SECRET_KEY` and without an `EnvironmentFile=` that could set it.",
            rationale: """
                goosed authenticates its whole API with one `X-Secret-Key` header and allows any CORS origin. Without \
                `GOOSE_SERVER__SECRET_KEY` it uses the built-in key `test`, which every local process, and every web \
                page that can reach the port, knows: they can run tools and change configuration as the user.
                """,
            remediation:
                "Set a random `GOOSE_SERVER__SECRET_KEY` of at least 32 bytes from a root-owned `EnvironmentFile=` or a secret store.",
            severity: .critical, category: .permissions, kind: .configuration, artifactKinds: [.serviceDefinition],
            references: ["CWE-1392", "CWE-306", "https://github.com/block/goose/issues/7555"],
            examples: [
                CheckExample(
                    "goosed unit without a key", .fail, role: .path,
                    files: [.file("goosed.service", "[Service]\nExecStart=/usr/local/bin/goosed agent\nRestart=always\n")],
                    expected: ["goosed.service:2"]),
                CheckExample(
                    "goosed unit with an environment file", .pass, role: .path,
                    files: [
                        .file("goosed.service", "[Service]\nEnvironmentFile=/etc/goose/goosed.env\nExecStart=/usr/local/bin/goosed agent\n")
                    ]),
            ]),
        subjects: [],
        inspectFile: { target in
            guard let service = ServiceText.of(target),
                let program = service.words.first(where: {
                    CommandFacts.program($0.text.replacingOccurrences(of: "ExecStart=", with: "")) == "goosed"
                }),
                service.value(of: "GOOSE_SERVER__SECRET_KEY") == nil,
                !service.words.contains(where: { $0.text.hasPrefix("EnvironmentFile=") || $0.text.hasPrefix("GOOSE_SERVER__SECRET_KEY") })
            else { return [] }
            return [
                Problem(
                    setting: program.setting,
                    message: "goosed is started without GOOSE_SERVER__SECRET_KEY and falls back to the fixed key `test`",
                    evidence: "goosed without GOOSE_SERVER__SECRET_KEY")
            ]
        })
}
