import Foundation
import GooseAuditCore
import GooseAuditReports
import GooseAuditTestSupport
import Testing

/// A home folder with every cache goose keeps, each holding planted credentials.
struct CachedRedactionTests {
    @Test("no planted value appears in JSON or text reports, messages, key paths or notices")
    func reportsNeverShowSecrets() throws {
        let home = try FixtureTree("cached-redaction")
        let planted = (80..<88).map { Fake.github(seed: UInt64($0)) } + [Fake.anthropic(seed: 90), Fake.openAI(seed: 91)]
        let data = ".local/share/goose", state = ".local/state/goose", config = ".config/goose"
        for directory in [".local", ".local/share", data, data + "/sessions", ".local/state", state, state + "/logs", ".config", config] {
            _ = try home.directory(directory)
        }
        _ = try home.file(state + "/logs/llm_request.0.jsonl", "{\"input\":{\"messages\":[{\"content\":\"\(planted[0])\"}]}}\n")
        _ = try home.file(state + "/logs/cli.log", "DEBUG tool output \(planted[1])\n")
        _ = try home.file(state + "/history.txt", "use \(planted[2])\n")
        _ = try home.file(data + "/sessions/20250101_1.jsonl", "{\"role\":\"user\",\"content\":[{\"text\":\"\(planted[3])\"}]}\n")
        // A key inside a JSON key (it must not leak through the key path).
        _ = try home.file(config + "/tool_permissions.json", "{\"\(planted[4])\": [{\"readable_context\": \"\(planted[5])\"}]}\n")
        _ = try home.file(data + "/sessions/sessions.db-wal", "frame \(planted[6]) \(planted[8])\n")
        try python(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as bundle:
                bundle.writestr("session.json", '{"messages":[{"text":"' + sys.argv[2] + '"}]}')
                bundle.writestr("logs/" + sys.argv[3] + ".log", "x")
            """, [home.path("diagnostics_1.zip"), planted[7], planted[9]])
        let result = Cached.scan(home.root, role: .path)
        let ids = Set(result.findings.map(\.ruleID))
        #expect(
            ids == [
                "secret_in_request_log", "secret_in_log", "secret_in_history", "secret_in_session", "secret_in_tool_approvals",
                "secret_in_deleted_session_data", "secret_in_diagnostics_bundle",
            ])
        #expect(result.findings.count >= 8)

        let report = Report(result: result, tool: ToolInfo(version: "0.0.0-test"))
        let outputs = [
            try JSONRenderer().render(report),
            try TextRenderer(colour: false).render(report),
            String(decoding: try JSONEncoder().encode(result.findings), as: UTF8.self),
            result.notices.map(\.message).joined(separator: "\n"),
        ]
        for secret in planted {
            for (index, output) in outputs.enumerated() {
                #expect(!output.contains(secret), "output \(index) contains a raw secret (\(Redaction.preview(secret, publicPrefix: nil)))")
                #expect(
                    !output.contains(String(secret.dropFirst(8).prefix(16))),
                    "output \(index) contains a slice of \(Redaction.preview(secret, publicPrefix: nil))")
            }
        }
    }
}
