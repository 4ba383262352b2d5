import GooseAuditCore
import SecretEngine
import StructuredText

/// Credentials in the `readable_context` of remembered tool approvals (`tool_permissions.json`).
struct SecretInToolApprovals: ArtifactCheck {
    let scanner: SecretScanner
    let descriptor = CheckDescriptor(
        id: "secret_in_tool_approvals",
        title: "Credential in remembered tool approvals",
        summary:
            "Reports credentials in the `readable_context` of `tool_permissions.json`, a readable copy of the arguments of each tool call the user approved.",
        rationale: CachedSecretText.rationale,
        remediation:
            "\(CachedSecretText.rotate) Then delete `tool_permissions.json` (goose rebuilds it; remembered approvals are asked again).",
        severity: .low, category: .cachedSecrets, kind: .credential, artifactKinds: [.toolPermissionStore],
        references: CachedSecretText.references,
        examples: [
            CheckExample(
                "approved call with a token argument", .fail,
                files: [
                    .directory("", mode: 0o700), .directory("permissions", mode: 0o700),
                    .file(
                        "permissions/tool_permissions.json",
                        """
                        {
                          "permissions": {
                            "developer__shell": [
                              {"tool_name": "developer__shell", "allowed": true, "readable_context": "curl -H 'Authorization: token \(CachedSecretText.token)' https://api.github.com"}
                            ]
                          }
                        }

                        """),
                ], expected: ["permissions/tool_permissions.json:4#permissions.developer__shell[0].readable_context"]),
            CheckExample(
                "approvals without credentials", .pass,
                files: [
                    .directory("", mode: 0o700), .directory("permissions", mode: 0o700),
                    .file(
                        "permissions/tool_permissions.json",
                        "{\"permissions\": {\"developer__shell\": [{\"allowed\": true, \"readable_context\": \"ls -la\"}]}}\n"),
                ]),
        ])

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let document = target.document() else { return [] }
        var collector = LeakCollector(scanner: scanner)
        for leaf in document.leaves where leaf.keyPath.keys.last == "readable_context" {
            for match in scanner.scan(Array(leaf.scalar.value.utf8)).matches {
                let place = Place(line: leaf.scalar.position.line, keyPath: leaf.keyPath.description)
                collector.add(match, at: place)
            }
        }
        return collector.findings(descriptor, at: target.artifact, where: "kept in a remembered tool approval")
    }
}
