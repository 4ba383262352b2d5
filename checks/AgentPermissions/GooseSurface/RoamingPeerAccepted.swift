import GooseAuditCore
import StructuredText

/// Every peer key in `<config>/roaming_trust.json` `allowed` (`goose-roaming/src/trust.rs`).
struct RoamingPeerAccepted: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "roaming_peer_accepted", title: "Roaming peer allowed to drive this agent",
        summary: "Lists every peer key on the roaming allowlist (`allowed` in `roaming_trust.json`), one finding per peer.",
        rationale: """
            Each accepted peer can open goose's full ACP surface on this node (agent, tools, shell) whenever the \
            node serves roaming (`goose serve --roam`, `goose roam share`). The list is an access grant and belongs \
            in every review, like `authorized_keys`.
            """,
        remediation: "Revoke peers you no longer use (`goose roam revoke <key>`); keep the list short and known.",
        severity: .low, category: .permissions, kind: .configuration, artifactKinds: [.roamingTrust],
        references: ["CWE-284", "https://github.com/block/goose/pull/11516"],
        examples: [
            CheckExample(
                "two accepted peers", .fail,
                files: [
                    .file(
                        "roaming_trust.json",
                        "{\n  \"allowed\": [\n    \"4f2a9c0e1b7d6a5f3e2d1c0b9a8f7e6d5c4b3a29180716253443526170819203\",\n    \"9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9\"\n  ],\n  \"revoked_keys\": []\n}\n"
                    )
                ], expected: ["roaming_trust.json:3#allowed[0]", "roaming_trust.json:4#allowed[1]"]),
            CheckExample("no accepted peer", .pass, files: [.file("roaming_trust.json", "{\"allowed\": [], \"revoked_keys\": []}\n")]),
        ])

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let root = target.document()?.root, let allowed = root["allowed"] else { return [] }
        let revoked = Set(root["revoked_keys"]?.items.compactMap(\.string) ?? [])
        return allowed.items.enumerated().compactMap { index, item in
            guard let key = item.string, !key.isEmpty, !revoked.contains(key) else { return nil }
            let short = String(key.prefix(12))
            return descriptor.finding(
                Problem(
                    setting: .at(item, [.key("allowed"), .index(index)], in: target.artifact),
                    message: "roaming peer \(short)… may drive this node's agent, tools and shell", evidence: "peer \(short)"),
                anchor: target.artifact)
        }
    }
}
