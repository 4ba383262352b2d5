import GooseAuditCore
import StructuredText

extension ExtensionRules {
    /// `extension_cleartext_remote`: remote extension over plain http.
    struct CleartextRemote: ExtensionRule {
        let appliesToRecipes = true
        let descriptor = CheckDescriptor(
            id: "extension_cleartext_remote", title: "Remote extension over plain http",
            summary: "Reports `streamable_http` and `sse` extensions whose `uri` is `http://` to a host other than loopback.",
            rationale: """
                Tool calls, their arguments (file contents, command output) and the extension's headers, often a \
                bearer token, cross the network in clear; anyone on the path can read them or answer in the \
                server's place and steer the agent.
                """,
            remediation: "Use `https://`, or keep plain http on loopback only.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-319"] + references,
            examples: [
                CheckExample(
                    "http to a LAN address", .fail, files: [.file("config.yaml", remote(uri: "http://10.0.0.5:8080/mcp"))],
                    expected: ["config.yaml:6#extensions.tickets.uri"]),
                CheckExample(
                    "https and loopback", .pass,
                    files: [
                        .file("config.yaml", remote(uri: "https://mcp.internal.example/mcp")),
                        .file("other/config.yaml", remote(uri: "http://127.0.0.1:9000/mcp")),
                    ]),
            ])

        func problems(_ entry: MergedEntry) -> [Problem] {
            let name = entry.name
            guard let (uri, text) = remoteURI(entry), URLFacts.isCleartextRemote(text), let host = URLFacts.host(of: text) else {
                return []
            }
            return [Problem(setting: uri, message: "extension `\(name)` talks to \(host) over plain http", evidence: "http://\(host)")]
        }
    }
}
