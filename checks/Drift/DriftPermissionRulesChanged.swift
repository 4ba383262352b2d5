import GooseAuditCore

extension DriftModule {
    /// A permission.yaml that changed, appeared or disappeared since the recorded run.
    enum PermissionRulesChanged: DriftRule {
        static let descriptor = CheckDescriptor(
            id: "drift_permission_rules_changed", title: "Tool permission rules changed since the last recorded run",
            summary: "Reports a permission.yaml that changed, appeared or disappeared since the last recorded run.",
            rationale: rationale, remediation: "Review the new always_allow / never_allow lists.",
            severity: .medium, category: .drift, kind: .configuration, artifactKinds: [.permissionPolicy],
            examples: [
                CheckExample(
                    "rules edited", .fail, files: [.file("permission.yaml", "user:\n  always_allow: [developer__shell]\n")],
                    expected: ["permission.yaml"],
                    previousDrift: DriftFacts([
                        DriftKey(.permissions, file: "goose:config/permission.yaml"): Digest.sha256Hex(
                            "user:\n  ask_before: [developer__shell]\n")
                    ])),
                CheckExample(
                    "rules unchanged", .pass, files: [.file("permission.yaml", "user:\n  ask_before: [developer__shell]\n")],
                    previousDrift: DriftFacts([
                        DriftKey(.permissions, file: "goose:config/permission.yaml"): Digest.sha256Hex(
                            "user:\n  ask_before: [developer__shell]\n")
                    ])),
            ])

        static let family = DriftKey.Family.permissions

        static func changes(_ facts: DriftComparison) -> [DriftChange] {
            facts.digestChanges(subject: "permission rules")
        }
    }
}
