import GooseAuditCore
import StructuredText

/// `server_weak_secret_key`: the goose server key is the default or too short.
extension ServerChecks {
    static let weakSecretKey = SettingCheck(
        descriptor: CheckDescriptor(
            id: "server_weak_secret_key", title: "goose server key is the default or too short",
            summary:
                "Reports `GOOSE_SERVER__SECRET_KEY` (environment, config, service definitions, `.env` files) and Desktop `externalGoosed.secret` values equal to `test` or shorter than 32 characters.",
            rationale: """
                The `X-Secret-Key` header is the only authentication on goosed's API and on `goose serve`, and goosed \
                allows any CORS origin. Whoever knows or guesses the key can drive the agent (run tools, read and \
                write config, add extensions) as the user. goosed falls back to the literal `test` when the variable \
                is unset, and `GOOSE_EXTERNAL_BACKEND` forces it (issue #7555).
                """,
            remediation:
                "Generate a random key of at least 32 bytes (`openssl rand -hex 32`), load it from a secret store at start, and never rely on the default.",
            severity: .critical, category: .permissions, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-521", "CWE-1392", "https://github.com/block/goose/issues/7555", docs],
            examples: [
                CheckExample(
                    "systemd unit with the default key", .fail, role: .path,
                    files: [
                        .file(
                            "goose-serve.service",
                            "[Service]\nEnvironment=GOOSE_SERVER__SECRET_KEY=test\nExecStart=/usr/local/bin/goose serve --port 3000\n")
                    ], expected: ["goose-serve.service:2"]),
                CheckExample(
                    "short key in the environment", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_SERVER__SECRET_KEY": "hunter2"], expected: ["config.yaml#GOOSE_SERVER__SECRET_KEY"]),
                CheckExample(
                    "long key", .pass, role: .path,
                    files: [
                        .file(
                            "goose-serve.service",
                            "[Service]\nEnvironment=GOOSE_SERVER__SECRET_KEY=\(String(repeating: "a1", count: 20))\nExecStart=/usr/local/bin/goose serve\n"
                        )
                    ]),
            ]),
        subjects: ["GOOSE_SERVER__SECRET_KEY"],
        evaluate: { config in
            guard let key = config.value("GOOSE_SERVER__SECRET_KEY"), let text = key.string else { return [] }
            return keyProblem(key, text).map { [$0] } ?? []
        },
        inspectFile: { target in
            if target.artifact.kind == .desktopSettings {
                guard let external = DesktopSettings(target)?.external, let secret = external.secret, let text = secret.string,
                    external.enabled,
                    let weakness = keyWeakness(text)
                else { return [] }
                return [
                    Problem(
                        setting: secret, message: "the Desktop's remote backend key \(weakness)",
                        evidence: "externalGoosed.secret: \(text.count) characters")
                ]
            }
            guard let service = ServiceText.of(target), let key = service.value(of: "GOOSE_SERVER__SECRET_KEY") else { return [] }
            return keyProblem(key.setting, key.text).map { [$0] } ?? []
        })
}
