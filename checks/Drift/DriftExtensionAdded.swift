import GooseAuditCore

extension DriftModule {
    /// An extension present in a config layer now that the recorded run did not have.
    enum ExtensionAdded: DriftRule {
        static let descriptor = CheckDescriptor(
            id: "drift_extension_added", title: "Extension added since the last recorded run",
            summary: "Reports an extension present in a config layer now that was not there at the last recorded run.",
            rationale: rationale, remediation: "Confirm who added the extension and why; remove it if it was not reviewed.",
            severity: .medium, category: .drift, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-494"],
            examples: [
                CheckExample(
                    "a new extension", .fail,
                    files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base + "  evil:\n    type: stdio\n    cmd: npx\n")],
                    expected: ["config.yaml#extensions.evil"], previousDrift: baseSnapshot),
                CheckExample(
                    "nothing new", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot
                ),
            ])

        static let family = DriftKey.Family.extension

        static func changes(_ facts: DriftComparison) -> [DriftChange] {
            facts.newKeys.subtracting(facts.oldKeys).sorted().map { key in
                let extensionFacts = ExtensionFacts(encoded: facts.now[key]!)
                return DriftChange(
                    key, "extension \(key.name ?? "?") was added since the last recorded run",
                    evidence: "type \(extensionFacts?.type ?? "?")")
            }
        }
    }
}
