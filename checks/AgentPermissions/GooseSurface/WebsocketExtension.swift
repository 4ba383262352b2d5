import GooseAuditCore
import StructuredText

/// Extensions reached over websockets (docs `guides/websocket-extensions.md`): `ws://` is the
/// websocket form of plain http.
enum WebsocketExtension {
    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "extension_websocket_cleartext", title: "Extension reached over an unencrypted websocket",
            summary: "Reports enabled extensions whose `uri` is `ws://` to a host other than loopback (any transport type).",
            rationale: """
                A websocket extension carries the same tool calls, results and headers as an HTTP one. `ws://` is \
                unencrypted: anyone on the path reads file contents and tokens in transit and can answer in the \
                server's place to steer the agent.
                """,
            remediation: "Use `wss://`, or keep `ws://` on loopback only.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-319"],
            examples: [
                CheckExample(
                    "ws to a LAN host", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\nextensions:\n  tickets:\n    enabled: true\n    type: websocket\n    uri: ws://10.0.0.5:9000/mcp\n"
                        )
                    ], expected: ["config.yaml:6#extensions.tickets.uri"]),
                CheckExample(
                    "wss", .pass,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\nextensions:\n  tickets:\n    enabled: true\n    type: websocket\n    uri: wss://mcp.example.invalid/mcp\n"
                        )
                    ]),
            ]),
        subjects: ["extensions"],
        evaluate: { config in
            config.extensions.compactMap { entry in
                guard let uri = entry["uri"], let text = uri.string, text.lowercased().hasPrefix("ws://"),
                    let host = URLFacts.host(of: text), !URLFacts.isLoopback(host)
                else { return nil }
                return Problem(
                    setting: uri, message: "extension `\(entry.name)` talks to \(host) over an unencrypted websocket",
                    evidence: "ws://\(host)")
            }
        })
}
