import Foundation
import GooseAuditCore
import GooseAuditReports
import Testing

struct RedactionTests {
    @Test("no raw secret appears in JSON or text reports, messages, key paths or notices")
    func reportsNeverShowSecrets() throws {
        var files = GooseFixtures.tree
        // A file that does not parse still has its text scanned; its notice must not quote it.
        let broken = Fake.github(seed: 110)
        files["broken/config.yaml"] = "extensions: [\n  github: {envs: {GITHUB_TOKEN: \(broken)\n"
        let result = try Shipped.scan(files)
        #expect(result.notices.contains { $0.kind == .parseError }, "the broken file should raise a parse notice")
        #expect(result.findings.contains { $0.location.path == "broken/config.yaml" })
        #expect(result.findings.count >= GooseFixtures.allSecrets.count - 1)

        let report = Report(result: result, tool: ToolInfo(version: "0.0.0-test"))
        let outputs = [
            try JSONRenderer().render(report),
            try TextRenderer(colour: false).render(report),
            try TextRenderer(colour: true).render(report),
        ]
        let encoded = String(decoding: try JSONEncoder().encode(result.findings), as: UTF8.self)
        for secret in GooseFixtures.allSecrets + [broken] {
            for (index, output) in (outputs + [encoded]).enumerated() {
                #expect(!output.contains(secret), "output \(index) contains a raw secret (\(Redaction.preview(secret, publicPrefix: nil)))")
                // Not even a long slice of it.
                #expect(
                    !output.contains(String(secret.dropFirst(8).prefix(16))),
                    "output \(index) contains a slice of \(Redaction.preview(secret, publicPrefix: nil))")
            }
            for notice in result.notices { #expect(!notice.message.contains(secret)) }
        }
    }
}
