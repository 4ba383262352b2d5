import GooseAuditCore

extension DriftModule {
    /// A config layer whose GOOSE_MODE differs from the recorded run.
    enum GooseModeChanged: DriftRule {
        static let descriptor = CheckDescriptor(
            id: "drift_goose_mode_changed", title: "GOOSE_MODE changed since the last recorded run",
            summary: "Reports a config layer whose GOOSE_MODE differs from the last recorded run.",
            rationale: rationale, remediation: "Confirm the new mode; `auto` approves every tool call.",
            severity: .medium, category: .drift, kind: .configuration, artifactKinds: configKinds,
            examples: [
                CheckExample(
                    "approve to auto", .fail, files: [.file("config.yaml", "GOOSE_MODE: auto\n" + base)], expected: ["config.yaml"],
                    previousDrift: baseSnapshot),
                CheckExample(
                    "same mode", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot),
            ])

        static let family = DriftKey.Family.mode

        static func changes(_ facts: DriftComparison) -> [DriftChange] {
            facts.newKeys.intersection(facts.oldKeys).sorted().compactMap { key in
                guard let now = facts.now[key], let previous = facts.previous[key], now != previous else { return nil }
                return DriftChange(
                    key, "GOOSE_MODE changed from \(previous) to \(now) since the last recorded run", evidence: "\(previous) → \(now)")
            }
        }
    }
}
