import GooseAuditCore
import StructuredText

/// Checks on how goose's servers (`goosed`, `goose serve`) and the Desktop's remote backend are
/// authenticated and exposed: config layers and environment, service definitions, `.env` files and
/// Desktop `settings.json`.
enum ServerChecks {
    /// Config layers, and every file that starts goose or sets its environment (units, shell startup files,
    /// Dockerfiles, compose files, Kubernetes manifests, devcontainers, Nix modules, `.env` files).
    static let kinds = configKinds.union([
        .serviceDefinition, .envFile, .desktopSettings, .shellProfile, .containerFile, .composeFile, .kubernetesManifest,
        .devcontainer, .nixModule,
    ])
    static let docs = "https://block.github.io/goose/docs/guides/remote-goose-server"

    static var all: [any Check] { [weakSecretKey, unauthenticated, exposedWithoutTLS, roamEnabled] }

    static let externalBackendMessage = "GOOSE_EXTERNAL_BACKEND makes the Desktop authenticate to its backend with the fixed key `test`"

    /// goosed's built-in default key, used when nothing sets one.
    static let defaultKey = "test"
    static let minimumKeyLength = 32

    /// The weakness of a server key, described without its value.
    static func keyWeakness(_ key: String) -> String? {
        // `${GOOSE_SERVER_SECRET_KEY}`, `$KEY`: filled in at run time, judged where it is set.
        if key.hasPrefix("$") || key.contains("${") || key.hasPrefix("%") { return nil }
        if key == defaultKey { return "is goosed's public default `test`" }
        if key.count < minimumKeyLength {
            return "is only \(key.count) characters long (at least \(minimumKeyLength) random characters needed)"
        }
        return nil
    }

    /// The problem with a `GOOSE_SERVER__SECRET_KEY` value, named by its length only.
    static func keyProblem(_ setting: Setting, _ key: String) -> Problem? {
        keyWeakness(key).map {
            Problem(
                setting: setting, message: "GOOSE_SERVER__SECRET_KEY \($0)", evidence: "GOOSE_SERVER__SECRET_KEY: \(key.count) characters")
        }
    }

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
    static func isWildcardOrRemote(_ host: String) -> Bool {
        let bare = host.trimming("[]")
        return !bare.isEmpty && !URLFacts.isLoopback(bare.lowercased())
    }

    static let exposedWithoutTLS = SettingCheck(
        descriptor: CheckDescriptor(
            id: "server_exposed_without_tls", title: "goose server reachable from the network without TLS",
            summary:
                "Reports goose servers bound to `0.0.0.0` or another non-loopback address without `--tls`/`GOOSE_TLS`, and Desktop remote backends reached over plain http or over https without a pinned `certFingerprint`.",
            rationale: """
                The server key travels in every request header. Without TLS anyone on the network path reads it and \
                then owns the agent; the docs' own examples bind `0.0.0.0`. The Desktop pins a remote backend's \
                certificate only when `certFingerprint` is set; otherwise it trusts whatever certificate it sees first. \
                Newer goosed builds serve HTTPS with a self-signed certificate on their own, so a goosed binding set \
                through `GOOSE_SERVER__HOST` is reported with medium confidence.
                """,
            remediation:
                "Bind to loopback or a VPN interface, start with `--tls`, and set `externalGoosed.certFingerprint` to the printed `GOOSED_CERT_FINGERPRINT`.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-319", "CWE-295", docs],
            examples: [
                CheckExample(
                    "all interfaces without tls", .fail, role: .path,
                    files: [
                        .file("goose-serve.service", "[Service]\nExecStart=/usr/local/bin/goose serve --host 0.0.0.0 --port 3000\n")
                    ], expected: ["goose-serve.service:2"]),
                CheckExample(
                    "desktop remote backend over http", .fail, role: .path,
                    files: [
                        .file(
                            ".config/Goose/settings.json",
                            "{\n  \"externalGoosed\": {\n    \"enabled\": true,\n    \"url\": \"http://10.1.2.3:3000\"\n  }\n}\n")
                    ], expected: [".config/Goose/settings.json:4#externalGoosed.url"]),
                CheckExample(
                    "tls and pinned certificate", .pass, role: .path,
                    files: [
                        .file("goose-serve.service", "[Service]\nExecStart=/usr/local/bin/goose serve --host 0.0.0.0 --tls\n"),
                        .file(
                            ".config/Goose/settings.json",
                            "{\"externalGoosed\": {\"enabled\": true, \"url\": \"https://10.1.2.3:3000\", \"certFingerprint\": \"AB:CD\"}}\n"
                        ),
                    ]),
            ]),
        subjects: ["GOOSE_SERVER__HOST", "GOOSE_TLS"],
        evaluate: { config in
            guard let host = config.value("GOOSE_SERVER__HOST"), let text = host.string, isWildcardOrRemote(text),
                !config.isTrue("GOOSE_TLS")
            else { return [] }
            return [
                Problem(
                    setting: host, message: "goosed listens on \(text) without GOOSE_TLS; the server key may cross the network in clear",
                    evidence: "GOOSE_SERVER__HOST=\(text)", confidence: .medium)
            ]
        },
        inspectFile: { target in
            if target.artifact.kind == .desktopSettings {
                guard let external = DesktopSettings(target)?.external, external.enabled, let url = external.url, let text = url.string
                else { return [] }
                if URLFacts.isCleartextRemote(text) {
                    return [
                        Problem(
                            setting: url,
                            message: "the Desktop reaches its remote backend over plain http; its key crosses the network in clear",
                            evidence: "http://\(URLFacts.host(of: text) ?? "")")
                    ]
                }
                if URLFacts.isHTTPS(text), (external.fingerprint?.string ?? "").isEmpty {
                    return [
                        Problem(
                            setting: url, message: "the Desktop's remote backend certificate is not pinned (`certFingerprint` is empty)",
                            evidence: "certFingerprint empty", severity: .medium)
                    ]
                }
                return []
            }
            guard let service = ServiceText.of(target), service.startsGooseServer else { return [] }
            guard let host = service.argument(of: "--host") ?? service.value(of: "GOOSE_SERVER__HOST"), isWildcardOrRemote(host.text) else {
                return []
            }
            let tls =
                service.word("--tls") != nil || service.value(of: "GOOSE_TLS").map { ["true", "1"].contains($0.text.lowercased()) } == true
            guard !tls else { return [] }
            return [
                Problem(
                    setting: host.setting,
                    message: "goose serve listens on \(host.text) without TLS; the server key crosses the network in clear",
                    evidence: "host \(host.text)")
            ]
        })

    static let roamEnabled = SettingCheck(
        descriptor: CheckDescriptor(
            id: "desktop_roam_enabled", title: "Desktop backend reachable peer to peer",
            summary: "Reports Desktop `settings.json` with `roamEnabled: true`.",
            rationale: """
                Roam makes the local goose backend reachable from other devices; together with the shared server key \
                it widens who can drive the agent from the local machine to whatever can join the roam network.
                """,
            remediation: "Turn roam off unless remote access is intended, and then protect the backend with TLS and a strong key.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: [.desktopSettings],
            references: ["CWE-668", docs],
            examples: [
                CheckExample(
                    "roam on", .fail, role: .path,
                    files: [.file(".config/Goose/settings.json", "{\n  \"theme\": \"dark\",\n  \"roamEnabled\": true\n}\n")],
                    expected: [".config/Goose/settings.json:3#roamEnabled"]),
                CheckExample("roam off", .pass, role: .path, files: [.file(".config/Goose/settings.json", "{\"roamEnabled\": false}\n")]),
            ]),
        subjects: [],
        inspectFile: { target in
            guard let root = DesktopSettings(target)?.root, let pair = root.pair("roamEnabled"), pair.value.scalar?.truthy == true else {
                return []
            }
            return [
                Problem(
                    setting: .at(pair.value, [.key("roamEnabled")], in: target.artifact),
                    message: "roam makes the local goose backend reachable from other devices", evidence: "roamEnabled: true")
            ]
        })
}

/// The Desktop's `settings.json`, as far as the server checks read it.
struct DesktopSettings {
    struct External {
        var enabled: Bool
        var url: Setting?
        var secret: Setting?
        var fingerprint: Setting?
    }

    let root: Node
    let artifact: Artifact

    init?(_ target: CheckTarget) {
        guard target.artifact.kind == .desktopSettings, let root = target.document()?.root, root.isMapping else { return nil }
        self.root = root
        artifact = target.artifact
    }

    /// `externalGoosed`, with each field's place.
    var external: External? {
        guard let node = root["externalGoosed"], node.isMapping else { return nil }
        let base = Setting.at(node, [.key("externalGoosed")], in: artifact)
        func field(_ name: String) -> Setting? { node.pair(name).map { base.entry($0) } }
        return External(
            enabled: node["enabled"]?.scalar?.truthy ?? false, url: field("url"), secret: field("secret"),
            fingerprint: field("certFingerprint"))
    }
}
