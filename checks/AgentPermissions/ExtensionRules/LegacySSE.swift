import GooseAuditCore
import StructuredText

extension ExtensionRules {
    /// `extension_legacy_sse`: extension uses the unsupported sse transport.
    struct LegacySSE: ExtensionRule {
        let appliesToRecipes = false
        let descriptor = CheckDescriptor(
            id: "extension_legacy_sse", title: "Extension uses the unsupported sse transport",
            summary: "Reports enabled extensions of `type: sse`.",
            rationale: """
                goose keeps `sse` entries only for file compatibility: it warns that SSE is unsupported and never \
                exposes their tools. The entry is dead configuration that still points at a server, often over \
                plain http, and will come back to life if a later build restores the transport.
                """,
            remediation: "Remove the entry or migrate the server to `streamable_http` over HTTPS.",
            severity: .low, category: .permissions, kind: .hygiene, artifactKinds: configKinds,
            references: references,
            examples: [
                CheckExample(
                    "sse extension", .fail, files: [.file("config.yaml", remote(type: "sse", uri: "http://localhost:9000/sse"))],
                    expected: ["config.yaml:5#extensions.tickets.type"]),
                CheckExample("streamable http", .pass, files: [.file("config.yaml", remote(uri: "http://localhost:9000/mcp"))]),
            ])

        func problems(_ entry: MergedEntry) -> [Problem] {
            let name = entry.name
            guard entry.type == "sse", let type = entry["type"] else { return [] }
            return [
                Problem(
                    setting: type, message: "extension `\(name)` uses the unsupported `sse` transport; goose never exposes its tools",
                    evidence: "type: sse")
            ]
        }
    }
}
