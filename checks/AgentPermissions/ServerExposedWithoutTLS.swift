import GooseAuditCore
import StructuredText

/// `server_exposed_without_tls`: a goose server reachable from the network without TLS.
extension ServerChecks {
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
}
