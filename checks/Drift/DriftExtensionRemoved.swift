import GooseAuditCore

extension DriftModule {
    /// An extension of the recorded run that is gone now.
    enum ExtensionRemoved: DriftRule {
        static let descriptor = CheckDescriptor(
            id: "drift_extension_removed", title: "Extension removed since the last recorded run",
            summary: "Reports an extension recorded at the last run that is gone now.",
            rationale: rationale, remediation: "Confirm the removal was intended.",
            severity: .info, category: .drift, kind: .hygiene, artifactKinds: configKinds,
            examples: [
                CheckExample(
                    "extension gone", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\nextensions: {}\n")],
                    expected: ["config.yaml#extensions.github"], previousDrift: baseSnapshot),
                CheckExample(
                    "still there", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot
                ),
            ])

        static let family = DriftKey.Family.extension

        static func changes(_ facts: DriftComparison) -> [DriftChange] {
            facts.oldKeys.subtracting(facts.newKeys).sorted().map { key in
                DriftChange(key, "extension \(key.name ?? "?") was removed since the last recorded run", evidence: "removed")
            }
        }
    }
}
