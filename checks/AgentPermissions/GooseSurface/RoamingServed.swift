import GooseAuditCore
import StructuredText

/// `goose serve --roam` and `goose roam share` in service definitions (`goose-cli/src/cli.rs` Serve,
/// `goose-cli/src/commands/roam.rs`).
enum RoamingServed {
    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "roaming_served_in_service", title: "Service exposes the agent to roaming peers",
            summary: "Reports service definitions and scripts that run `goose serve --roam` or `goose roam share`.",
            rationale: """
                Roaming makes the node reachable peer to peer through relays, behind NAT and firewalls, for every key \
                on its trust list; an accepted peer gets the agent and its shell. Run from a unit it is always on, \
                unattended, and outlives the session in which a peer was accepted.
                """,
            remediation: "Serve roaming only interactively and for the time you need it; review `roaming_trust.json` before.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: [.serviceDefinition],
            references: ["CWE-284", "https://github.com/block/goose/pull/10537"],
            examples: [
                CheckExample(
                    "roaming serve unit", .fail, role: .path,
                    files: [
                        .file(
                            "goose-roam.service",
                            "[Service]\nEnvironmentFile=/etc/goose/serve.env\nExecStart=/usr/local/bin/goose serve --roam\n")
                    ], expected: ["goose-roam.service:3"]),
                CheckExample(
                    "local serve unit", .pass, role: .path,
                    files: [
                        .file(
                            "goose-serve.service",
                            "[Service]\nEnvironmentFile=/etc/goose/serve.env\nExecStart=/usr/local/bin/goose serve --host 127.0.0.1\n")
                    ]),
            ]),
        subjects: [],
        inspectFile: { target in
            guard let service = ServiceText.of(target) else { return [] }
            let words = service.words
            for (index, word) in words.enumerated() {
                let next = index + 1 < words.count ? words[index + 1].text : ""
                if word.text == "--roam" || (word.text == "roam" && next == "share") {
                    return [
                        Problem(
                            setting: word.setting,
                            message: "goose serves its agent to roaming peers from this service, always on and unattended",
                            evidence: word.text == "--roam" ? "goose serve --roam" : "goose roam share")
                    ]
                }
            }
            return []
        })
}
