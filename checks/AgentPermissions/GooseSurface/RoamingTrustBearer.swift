import GooseAuditCore
import StructuredText

/// `<config>/roaming_trust.json` in bearer mode: any holder of an invite connects
/// (`goose-roaming/src/trust.rs`, `TrustPolicy::Bearer`, the default of the first revision).
struct RoamingTrustBearer: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "roaming_trust_bearer_policy", title: "Roaming accepts any peer holding an invite",
        summary:
            "Reports `roaming_trust.json` with `policy: bearer`, or in the first file format (with `revoked_tokens`) without a policy, whose default was bearer.",
        rationale: """
            An accepted roaming peer gets goose's full ACP surface: the agent, its tools and the shell, as the user \
            (SECURITY.md of goose-roaming: accepting a key is like adding it to `authorized_keys`). In bearer mode \
            the trust book admits any peer that presents a valid invite, so a leaked or forwarded invite is enough. \
            Current goose only admits keys on the allowlist.
            """,
        remediation: "Upgrade goose, set the policy to `allowlist` and accept only the peer keys you know; revoke the rest.",
        severity: .high, category: .permissions, kind: .configuration, artifactKinds: [.roamingTrust],
        references: ["CWE-287", "https://github.com/block/goose/pull/10537", "https://github.com/block/goose/pull/11516"],
        examples: [
            CheckExample(
                "bearer trust book", .fail,
                files: [.file("roaming_trust.json", "{\n  \"policy\": \"bearer\",\n  \"allowed\": [],\n  \"revoked_keys\": []\n}\n")],
                expected: ["roaming_trust.json:2#policy"]),
            CheckExample(
                "allowlist trust book", .pass,
                files: [.file("roaming_trust.json", "{\n  \"allowed\": [],\n  \"revoked_keys\": []\n}\n")]),
        ])

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let root = target.document()?.root, root.isMapping else { return [] }
        if let policy = root["policy"] {
            guard policy.string?.lowercased() == "bearer" else { return [] }
            return [
                descriptor.finding(
                    Problem(
                        setting: .at(policy, [.key("policy")], in: target.artifact),
                        message: "the roaming trust book admits any peer with a valid invite (bearer policy)", evidence: "policy: bearer"),
                    anchor: target.artifact)
            ]
        }
        guard let tokens = root.pair("revoked_tokens") else { return [] }
        return [
            descriptor.finding(
                Problem(
                    setting: Setting(node: tokens.value, keyPath: [], origin: .file(target.artifact, tokens.key.position)),
                    message: "the roaming trust book has no policy and is in the first file format, whose default is bearer",
                    evidence: "no policy, revoked_tokens present", confidence: .medium),
                anchor: target.artifact)
        ]
    }
}
