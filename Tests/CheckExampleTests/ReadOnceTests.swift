import CheckCatalog
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// The stages share one read of each file: classification and every artifact check read it once, and
/// inline suppression works from the marker lines kept from that read.
struct ReadOnceTests {
    @Test("classification and every artifact check read a file once; suppression reads nothing")
    func readOnce() throws {
        let tree = try FixtureTree("read-once")
        try tree.lay([
            .file(
                ".config/goose/config.yaml",
                "GOOSE_MODE: auto\nextensions:\n  jira:\n    type: stdio\n    cmd: npx\n    args: [mcp-jira@latest]\n"),
            .file(".config/goose/permission.yaml", "user:\n  always_allow: [developer__shell]\n"),
            .file(
                "recipes/deploy.yaml",
                "title: deploy\ninstructions: ship it\nextensions:\n  - type: stdio\n    name: x\n    cmd: bash\n    args: [-c, run]\n"),
            .file(
                ".env",
                "# goose-audit:ignore * example value for the read-once test\nOPENAI_API_KEY=sk-proj-"
                    + String(repeating: "Ab1Cd2Ef3", count: 6) + "\n"),
        ])
        let env = GooseEnvironment(variables: [:], currentDirectory: tree.root)
        let options = ScanOptions(roots: [ScanRoot(label: ".", path: tree.root, role: .path)])
        let context = ScanContext(environment: env, locations: Discovery.locate(env), options: options)
        let checks = try CheckCatalog.registry.makeChecks()

        let discovered = DiscoverStage(options: options).run()
        let classify = ClassifyStage(context: context)
        let inspect = InspectStage(checks: checks, context: context)
        let targets = discovered.entries.enumerated().map { classify.classify($1, index: $0) }
        let findings = targets.flatMap { inspect.inspect($0).findings }
        #expect(targets.contains { $0.reads == 1 })
        for target in targets { #expect(target.reads <= 1, "\(target.artifact.relativePath) read \(target.reads) times") }

        let scanned = inspect.inspectScan(targets, artifactFindings: findings)
        let readsBefore = targets.map(\.reads)
        let suppressed = SuppressStage(context: context).run(
            scanned.findings, targets: targets, versions: scanned.snapshot.gooseVersions)
        #expect(targets.map(\.reads) == readsBefore, "suppression read files again")
        let key = try #require(suppressed.findings.first { $0.location.path == ".env" && $0.location.line == 2 })
        #expect(key.suppression?.source == .inline)
        #expect(key.artifact?.path == tree.path(".env"))
    }

    @Test("a marker in a UTF-16 file suppresses too: the markers come from the decoded text")
    func markerInDecodedFile() throws {
        let tree = try FixtureTree("read-once-utf16")
        let text =
            "# goose-audit:ignore * example value for the UTF-16 test\nOPENAI_API_KEY=sk-proj-"
            + String(repeating: "Ab1Cd2Ef3", count: 6) + "\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try tree.file(".env", bytes: bytes)
        let result = CheckRunner.scan(try CheckCatalog.registry.makeChecks(), root: tree.root)
        let key = try #require(result.findings.first { $0.location.path == ".env" && $0.location.line == 2 })
        #expect(key.suppression?.source == .inline)
        #expect(result.notices.contains { $0.message.contains("decoded as UTF-16LE") })
    }
}
