import GooseAuditCore
import StructuredText

/// `sandbox_weakened`: Desktop sandbox knobs set to their weak values.
extension SettingChecks {
    /// Sandbox knobs and the value that weakens each (goose-surface §4.6).
    static let sandboxKnobs: [(String, String, String)] = [
        ("GOOSE_SANDBOX_PROTECT_FILES", "false", "stops write-protecting ~/.ssh, shell rc files and goose's own config"),
        ("GOOSE_SANDBOX_BLOCK_RAW_SOCKETS", "false", "lets the agent open raw sockets past the egress proxy"),
        ("GOOSE_SANDBOX_BLOCK_TUNNELING", "false", "allows tunnelling through the egress proxy"),
        ("GOOSE_SANDBOX_ALLOW_IP", "true", "allows connections to bare IP addresses, bypassing the domain blocklist"),
        ("GOOSE_SANDBOX_SSH_ALL_HOSTS", "true", "allows ssh to every host"),
        ("GOOSE_SANDBOX_LD_FAILOVER", "allow", "allows all traffic when the LaunchDarkly policy cannot be fetched"),
    ]

    static let sandboxWeakened = SettingCheck(
        descriptor: CheckDescriptor(
            id: "sandbox_weakened", title: "Desktop sandbox weakened",
            summary:
                "Reports sandbox knobs set to their weakening value (`GOOSE_SANDBOX_PROTECT_FILES=false`, `GOOSE_SANDBOX_ALLOW_IP=true`, …).",
            rationale: """
                `GOOSE_SANDBOX` runs the macOS Desktop backend under `sandbox-exec` with an egress proxy; it is the \
                only containment goose offers. Each of these knobs removes one of its protections. With the sandbox \
                off they have no effect yet, so they are then reported as low.
                """,
            remediation: "Remove the knob (restoring the default) unless a documented exception needs it.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-693", "https://block.github.io/goose/docs/guides/sandbox"],
            examples: [
                CheckExample(
                    "sandbox on, file protection off", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_SANDBOX": "true", "GOOSE_SANDBOX_PROTECT_FILES": "false"],
                    expected: ["config.yaml#GOOSE_SANDBOX_PROTECT_FILES"]),
                CheckExample(
                    "sandbox defaults", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n")],
                    environment: ["GOOSE_SANDBOX": "true"]),
            ]),
        subjects: ["GOOSE_SANDBOX"],
        evaluate: { config in
            let enabled = config.isTrue("GOOSE_SANDBOX")
            return sandboxKnobs.compactMap { key, weak, effect in
                guard let value = config.value(key), value.string?.lowercased() == weak else { return nil }
                return Problem(
                    setting: value,
                    message: "\(key)=\(weak) \(effect)\(enabled ? "" : " (the sandbox is not enabled, so this has no effect yet)")",
                    evidence: "\(key)=\(weak)", severity: enabled ? nil : .low)
            }
        })
}
