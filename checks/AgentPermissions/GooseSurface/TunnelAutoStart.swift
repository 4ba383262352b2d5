import GooseAuditCore
import StructuredText

/// `tunnel_auto_start: true`: goosed publishes itself through a public relay on every start
/// (`goose-server/src/tunnel/mod.rs` `check_auto_start`, `tunnel/config.rs`).
enum TunnelAutoStart {
    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "tunnel_auto_start", title: "goose server tunnels itself to the internet on start",
            summary:
                "Reports `tunnel_auto_start: true` in the effective configuration, naming `tunnel_mode` (`lapstone` public relay or `tailscale`).",
            rationale: """
                With `tunnel_auto_start` goosed opens a tunnel on every start and becomes reachable from outside the \
                machine through a relay; the tunnel secret (`tunnel_secret` in the secret store) is then all that \
                stands between the internet and the agent. It also starts when nobody is watching.
                """,
            remediation: "Set `tunnel_auto_start: false` and start the tunnel by hand when you need remote access.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-668"],
            examples: [
                CheckExample(
                    "tunnel on every start", .fail,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\ntunnel_auto_start: true\ntunnel_mode: lapstone\n")],
                    expected: ["config.yaml:2#tunnel_auto_start"]),
                CheckExample(
                    "tunnel started by hand", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\ntunnel_auto_start: false\n")]),
            ]),
        subjects: ["tunnel_", "TUNNEL_"],
        evaluate: { config in
            guard config.isTrue("tunnel_auto_start"), let setting = config.value("tunnel_auto_start") else { return [] }
            let mode = config.string("tunnel_mode") ?? "lapstone"
            let relay = mode == "tailscale" ? "the tailnet" : "a public relay"
            return [
                Problem(
                    setting: setting, message: "goosed opens a \(mode) tunnel through \(relay) every time it starts",
                    evidence: "tunnel_auto_start: true, tunnel_mode: \(mode)")
            ]
        })
}
