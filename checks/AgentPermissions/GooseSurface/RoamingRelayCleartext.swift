import GooseAuditCore
import StructuredText

/// `GOOSE_ROAM_RELAYS` (config key or environment) pointing roaming at relays over plain http
/// (`goose-cli/src/commands/roam.rs`).
enum RoamingRelayCleartext {
    static func problems(_ setting: Setting, _ text: String) -> [Problem] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { item in
            let url = item.trimming("\"'[] ")
            guard URLFacts.isCleartextRemote(url), let host = URLFacts.host(of: url) else { return nil }
            return Problem(
                setting: setting,
                message: "roaming uses the relay \(host) over plain http, so anyone on the path sees and steers the rendezvous",
                evidence: "GOOSE_ROAM_RELAYS http://\(host)")
        }
    }

    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "roaming_relay_cleartext", title: "Roaming relay reached over plain http",
            summary:
                "Reports `GOOSE_ROAM_RELAYS` entries (config, environment, service and `.env` files) that are `http://` URLs to hosts other than loopback.",
            rationale: """
                The relay carries the roaming handshake and, when no direct path exists, the traffic of every peer. \
                Relay URLs replace goose's managed relays; a plain-http relay lets anyone on the path observe who \
                connects and interfere with the rendezvous.
                """,
            remediation: "Use `https://` relay URLs, or leave `GOOSE_ROAM_RELAYS` unset to use goose's managed relays.",
            severity: .medium, category: .permissions, kind: .configuration,
            artifactKinds: configKinds.union([.serviceDefinition, .envFile]),
            references: ["CWE-319"],
            examples: [
                CheckExample(
                    "http relay", .fail,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\nGOOSE_ROAM_RELAYS: http://relay.example.invalid\n")],
                    expected: ["config.yaml:2#GOOSE_ROAM_RELAYS"]),
                CheckExample(
                    "https relay", .pass,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\nGOOSE_ROAM_RELAYS: https://relay.example.invalid\n")]),
            ]),
        subjects: ["GOOSE_ROAM_RELAYS"],
        evaluate: { config in
            guard let relays = config.value("GOOSE_ROAM_RELAYS") else { return [] }
            let text = relays.node.isSequence ? relays.node.items.compactMap(\.string).joined(separator: ",") : relays.string ?? ""
            return problems(relays, text)
        },
        inspectFile: { target in
            guard let service = ServiceText.of(target), let value = service.value(of: "GOOSE_ROAM_RELAYS") else { return [] }
            return problems(value.setting, value.text)
        })
}
