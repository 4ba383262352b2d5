import GooseAuditCore

extension DriftModule {
    /// An extension whose definition changed since the recorded run.
    enum ExtensionChanged: DriftRule {
        static let descriptor = CheckDescriptor(
            id: "drift_extension_changed", title: "Extension definition changed since the last recorded run",
            summary: "Reports an extension whose command, arguments, URI, env keys, type or enabled flag changed.",
            rationale: rationale,
            remediation:
                "Review the new definition; a changed command or package is how a trusted extension is swapped for another.",
            severity: .medium, category: .drift, kind: .configuration, artifactKinds: configKinds,
            references: ["CWE-494"],
            examples: [
                CheckExample(
                    "command swapped", .fail,
                    files: [
                        .file(
                            "config.yaml",
                            "GOOSE_MODE: approve\n" + base.replacingOccurrences(of: "github-mcp-server", with: "/tmp/x"))
                    ], expected: ["config.yaml#extensions.github"], previousDrift: baseSnapshot),
                CheckExample(
                    "unchanged", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot),
            ])

        static let family = DriftKey.Family.extension

        static func changes(_ facts: DriftComparison) -> [DriftChange] {
            facts.newKeys.intersection(facts.oldKeys).sorted().compactMap { key in
                guard facts.now[key] != facts.previous[key], let new = ExtensionFacts(encoded: facts.now[key]!),
                    let old = ExtensionFacts(encoded: facts.previous[key]!)
                else { return nil }
                let changes = new.changes(from: old)
                guard !changes.isEmpty else { return nil }
                let message = "extension \(key.name ?? "?") changed since the last recorded run: \(changes.joined(separator: "; "))"
                return DriftChange(key, message, evidence: facts.now[key]!)
            }
        }
    }
}
