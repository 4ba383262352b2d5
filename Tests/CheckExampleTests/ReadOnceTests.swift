import CheckCatalog
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// A scan reads each file once: classification (the look at an ambiguous file's head), the expanders,
/// every artifact check, every scan-level check and inline suppression share that read. `ReadLedger`
/// counts every open of a scanned file through the one reading seam (`ContentReader.openForReading`:
/// whole-file reads, the block readers of caches, the version probe of binaries), and SQLite's opens of
/// goose's session store apart (a session database is opened once by SQLite for its rows, and read once
/// raw for what deleted rows leave behind).
struct ReadOnceTests {
    static let checks: [any Check] = (try? CheckCatalog.registry.makeChecks()) ?? []

    /// The paths opened more than once while `body` scanned `root`, with their counts, and every open.
    static func opens(under root: String, _ body: () throws -> Void) rethrows -> [String: Int] {
        ReadLedger.watch(root)
        defer { ReadLedger.stop(root) }
        try body()
        return ReadLedger.opens(under: root)
    }

    static func twice(_ opens: [String: Int], under root: String) -> String {
        opens.filter { $0.value > 1 }.sorted { $0.key < $1.key }.map { "\($0.key.dropFirst(root.count + 1)) opened \($0.value) times" }
            .joined(separator: "\n")
    }

    @Test("every file of a mixed tree is opened once by the whole pipeline; suppression reads nothing")
    func readOnce() throws {
        let tree = try FixtureTree("read-once")
        let token = "sk-proj-" + String(repeating: "Ab1Cd2Ef3", count: 6)
        try tree.lay([
            .file(
                ".config/goose/config.yaml",
                "GOOSE_MODE: auto\nextensions:\n  jira:\n    type: stdio\n    cmd: npx\n    args: [mcp-jira@latest]\n"
                    + "    envs:\n      JIRA_TOKEN: \(token)\n"),
            .file(".config/goose/permission.yaml", "user:\n  always_allow: [developer__shell]\n"),
            .file(
                "recipes/deploy.yaml",
                "title: deploy\ninstructions: ship it\nextensions:\n  - type: stdio\n    name: x\n    cmd: bash\n    args: [-c, run]\n"),
            .file(
                ".env",
                "# goose-audit:ignore * example value for the read-once test\nOPENAI_API_KEY=sk-proj-"
                    + String(repeating: "Zy9Xw8Vu7", count: 6) + "\n"),
            // Looked at by classification (an unnamed YAML file, a Dockerfile that mentions goose).
            .file(
                "deploy/values.yml",
                "image: app\nreplicas: 2\ngithub_token: ghp_" + String(repeating: "aB3dE6gH9j", count: 3) + "kL2mN4\n"),
            .file("Dockerfile", "FROM debian\nRUN curl -fsSL https://example.invalid/goose | sh\nENV GOOSE_MODE=auto\n"),
            // A workflow that runs goose, and a CODEOWNERS file the scan-level check reads.
            .file(
                ".github/workflows/agent.yml",
                "on: [pull_request]\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n      - run: goose run -t review\n"),
            .file(".github/CODEOWNERS", "/docs/ @docs-team\n"),
            // A plugin with an MCP server, a request log streamed in blocks, a goose binary probed for its version.
            .file(".agents/plugins/tools/plugin.json", "{\"name\": \"tools\"}\n"),
            .file(".agents/plugins/tools/.mcp.json", "{\"mcpServers\": {\"run\": {\"command\": \"npx\", \"args\": [\"tool-mcp\"]}}}\n"),
            .file(".local/state/goose/logs/llm_request.0.jsonl", "{\"input\": {\"messages\": [{\"content\": \"\(token)\"}]}}\n"),
            .file(".local/bin/goose", "\u{7F}ELF goose/1.40.0\u{0}", mode: 0o755),
            // goose's session store: SQLite opens it once for both session checks, the raw pass reads it once.
            .database(
                ".local/share/goose/sessions/sessions.db",
                sql: "CREATE TABLE sessions (id TEXT PRIMARY KEY, working_dir TEXT NOT NULL, goose_mode TEXT NOT NULL DEFAULT 'auto');\n"
                    + "CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id TEXT, content_json TEXT NOT NULL);\n"
                    + "INSERT INTO sessions (id, working_dir) VALUES ('20260901_1', '/home/dev');"),
        ])
        let env = GooseEnvironment(variables: [:], currentDirectory: tree.root)
        let options = ScanOptions(roots: [ScanRoot(label: ".", path: tree.root, role: .path)])
        let context = ScanContext(environment: env, locations: Discovery.locate(env), options: options)
        let checks = try CheckCatalog.registry.makeChecks()

        var targets: [CheckTarget] = []
        var suppressed: [Finding] = []
        let opens = Self.opens(under: tree.root) {
            let discovered = DiscoverStage(options: options).run()
            let classify = ClassifyStage(context: context)
            let inspect = InspectStage(checks: checks, context: context, expanders: CheckCatalog.expanders)
            targets = discovered.entries.enumerated().map { classify.classify($1, index: $0) }
            var findings: [Finding] = []
            var embedded: [CheckTarget] = []
            for target in targets {
                let result = inspect.inspect(target)
                findings += result.findings
                embedded += result.embedded
            }
            let scanned = inspect.inspectScan(targets + embedded, artifactFindings: findings)
            let opensBefore = ReadLedger.opens(under: tree.root)
            suppressed =
                SuppressStage(context: context).run(scanned.findings, targets: targets, versions: scanned.snapshot.gooseVersions).findings
            #expect(ReadLedger.opens(under: tree.root) == opensBefore, "suppression read files again")
        }
        #expect(Self.twice(opens, under: tree.root).isEmpty, "\(Self.twice(opens, under: tree.root))")
        for target in targets { #expect(target.reads <= 1, "\(target.artifact.relativePath) read \(target.reads) times") }
        // The ledger saw the files every kind of reader opens (so the test cannot pass by seeing nothing).
        for file in [
            ".config/goose/config.yaml", ".config/goose/permission.yaml", ".env", "deploy/values.yml", "Dockerfile",
            ".github/workflows/agent.yml", ".github/CODEOWNERS", ".agents/plugins/tools/.mcp.json",
            ".local/state/goose/logs/llm_request.0.jsonl", ".local/bin/goose", ".local/share/goose/sessions/sessions.db",
            ".local/share/goose/sessions/sessions.db (sqlite)",
        ] {
            #expect(opens[tree.path(file)] == 1, "\(file) opened \(opens[tree.path(file)] ?? 0) times")
        }
        let key = try #require(suppressed.first { $0.location.path == ".env" && $0.location.line == 2 })
        #expect(key.suppression?.source == .inline)
        #expect(key.artifact?.path == tree.path(".env"))
        #expect(suppressed.contains { $0.ruleID == "workflow_codeowners_missing" })
        #expect(suppressed.contains { $0.ruleID == "session_mode_auto" })
        #expect(suppressed.contains { $0.location.path == "deploy/values.yml" && $0.category == .secrets })
    }

    /// Every documented example of every check that needs no ACLs and no second user.
    static let examples: [CheckExampleTests.Case] = CheckExampleTests.plainCases

    @Test("every check example's tree, scanned by every check, opens each file once", arguments: examples)
    func examplesReadOnce(_ testCase: CheckExampleTests.Case) throws {
        let tree = try FixtureTree("read-once-example")
        try tree.lay(testCase.example.files)
        let opens = Self.opens(under: tree.root) {
            _ = CheckRunner.scan(
                Self.checks, root: tree.root, role: testCase.example.role, environment: testCase.example.environment,
                expanders: CheckCatalog.expanders
            ) { $0.previousDrift = testCase.example.previousDrift }
        }
        #expect(Self.twice(opens, under: tree.root).isEmpty, "\(Self.twice(opens, under: tree.root))")
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
