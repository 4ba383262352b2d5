import GooseAuditCore

extension DriftModule {
    /// A goose tool fingerprint file that changed since the recorded run.
    enum ToolFingerprintsChanged: DriftRule {
        static let descriptor = CheckDescriptor(
            id: "drift_tool_fingerprints_changed", title: "goose tool fingerprints changed since the last recorded run",
            summary: "Reports a file under `<data>/security/tool_fingerprints/` that changed since the last recorded run.",
            rationale: rationale
                + " goose fingerprints the tools extensions announce; a changed fingerprint means a tool's description or schema changed (a rug pull shows up exactly so).",
            remediation: "Find which extension's tools changed and review the new tool descriptions before trusting them.",
            severity: .medium, category: .drift, kind: .configuration, artifactKinds: [.toolFingerprint],
            examples: [
                CheckExample(
                    "fingerprint changed", .fail, role: .data,
                    files: [.file("security/tool_fingerprints/dev.json", "{\"a\": 2}\n")],
                    expected: ["security/tool_fingerprints/dev.json"],
                    previousDrift: DriftFacts([
                        DriftKey(.toolFingerprint, file: "goose:data/security/tool_fingerprints/dev.json"): Digest.sha256Hex(
                            "{\"a\": 1}\n")
                    ])),
                CheckExample(
                    "fingerprint unchanged", .pass, role: .data,
                    files: [.file("security/tool_fingerprints/dev.json", "{\"a\": 1}\n")],
                    previousDrift: DriftFacts([
                        DriftKey(.toolFingerprint, file: "goose:data/security/tool_fingerprints/dev.json"): Digest.sha256Hex(
                            "{\"a\": 1}\n")
                    ])),
            ])

        static let family = DriftKey.Family.toolFingerprint

        static func changes(_ facts: DriftComparison) -> [DriftChange] {
            facts.digestChanges(subject: "tool fingerprint file")
        }
    }
}
