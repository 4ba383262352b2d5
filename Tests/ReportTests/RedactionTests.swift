import GooseAuditCore
import GooseAuditReports
import GooseAuditTestSupport
import Testing

struct RedactionTests {
    @Test(
        "no renderer shows a planted secret's raw value, a long piece of it, or more than its public prefix",
        arguments: RichReport.renderers.map(\.0))
    func fixtureSecrets(_ name: String) throws {
        let renderer = try #require(RichReport.renderers.first { $0.0 == name }?.1)
        let text = try renderer.render(RichReport.report)
        for secret in RichReport.secrets {
            #expect(!text.contains(secret))
            #expect(!text.contains(secret.suffix(16)))
            // Evidence shows the format's public prefix and not one character more.
            let prefix = try #require(RichReport.publicPrefixes[secret])
            #expect(!text.contains(secret.prefix(prefix.count + 1)), "\(name) shows more than `\(prefix)`")
        }
    }

    @Test("no renderer shows secrets found by the real pipeline", arguments: RichReport.renderers.map(\.0))
    func pipelineSecrets(_ name: String) throws {
        let renderer = try #require(RichReport.renderers.first { $0.0 == name }?.1)
        let tree = try FixtureTree("redaction")
        try tree.file(".env", "TOKEN=\(RichReport.anthropicKey)\n", mode: 0o644)
        try tree.file("config.yaml", "x: 1\nTOKEN=\(RichReport.githubToken)\n")
        let result = CheckRunner.scan([TokenLineCheck()], root: tree.root)
        #expect(result.findings.count == 2)
        let text = try renderer.render(Report(result: result, tool: ToolInfo(version: "test")))
        for secret in RichReport.secrets {
            #expect(!text.contains(secret))
            #expect(!text.contains(secret.suffix(16)))
        }
    }
}
