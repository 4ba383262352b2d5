import CachedSecretsChecks
import Foundation
import GooseAuditCore
import GooseAuditReports
import GooseAuditTestSupport
import Testing

/// Request logs, legacy sessions, logs, history and tool approvals, with exact locations.
struct FileCacheTests {
    @Test("request log: line, JSON key path inside the request, one finding per value with its repeats")
    func requestLog() throws {
        let tree = try FixtureTree("cached-request-log")
        let key = Fake.anthropic(seed: 51)
        let token = Fake.github(seed: 52)
        _ = try tree.directory("logs")
        _ = try tree.file(
            "logs/llm_request.3.jsonl",
            """
            {"model_config":{"model_name":"claude"},"input":{"system":"hints","messages":[{"role":"user","content":"hello"}]}}
            {"data":{"content":"hi"},"usage":{"input_tokens":3}}
            {"model_config":{"model_name":"claude"},"input":{"messages":[{"role":"user","content":"hello"},{"role":"tool","content":[{"type":"text","text":"ANTHROPIC_API_KEY=\(key)"}]}]}}
            {"model_config":{"model_name":"claude"},"input":{"messages":[{"role":"tool","content":"again \(key) and \(token)"}]}}

            """)
        let result = Cached.scan(tree.root, role: .state)
        #expect(
            result.summary == [
                "logs/llm_request.3.jsonl:3:163#input.messages[1].content[0].text secret_in_request_log",
                "logs/llm_request.3.jsonl:4:207#input.messages[0].content secret_in_request_log",
            ])
        let first = try #require(result.findings(of: key).first)
        #expect(first.message.contains("seen 2 times"))
        #expect(first.relatedLocations.map(CheckRunner.describe) == ["logs/llm_request.3.jsonl:4:94#input.messages[0].content"])
        #expect(first.severity == .critical || first.severity == .high)
    }

    @Test("legacy session JSONL: line, key path and the message's time")
    func legacySession() throws {
        let tree = try FixtureTree("cached-legacy")
        let token = Fake.github(seed: 53)
        _ = try tree.directory("sessions")
        _ = try tree.file(
            "sessions/20250301_7.jsonl",
            """
            {"working_dir":"/home/dev","description":"ci","message_count":2}
            {"id":"m1","role":"user","created":1740787200,"content":[{"type":"text","text":"hello"}]}
            {"id":"m2","role":"user","created":1740787260,"content":[{"type":"toolResponse","toolResult":{"value":[{"type":"text","text":"GH=\(token)"}]}}]}

            """)
        let result = Cached.scan(tree.root, role: .data)
        #expect(result.summary == ["sessions/20250301_7.jsonl:3:130#content[0].toolResult.value[0].text secret_in_session"])
        let finding = try #require(result.findings.first)
        #expect(finding.message.contains("since 2025-03-01T00:01:00Z"))
        #expect(finding.remediation.contains("goose session remove"))
        #expect(finding.remediation.hasPrefix("Revoke and rotate"))
    }

    @Test("history.txt: the line, no key path; a text log keeps its line too")
    func historyAndLogs() throws {
        let tree = try FixtureTree("cached-history")
        let token = Fake.github(seed: 54)
        let groq = Fake.groq(seed: 55)
        _ = try tree.file("history.txt", "list repos\nexport GITHUB_TOKEN=\(token)\nthanks\n")
        _ = try tree.directory("logs")
        _ = try tree.directory("logs/server")
        _ = try tree.file(
            "logs/server/20260101-goosed.log", "2026-01-01T12:00:00Z DEBUG mcp: request body {\"env\":\"GROQ_API_KEY=\(groq)\"}\n")
        let result = Cached.scan(tree.root, role: .state)
        #expect(
            result.summary == [
                "history.txt:2:21 secret_in_history",
                "logs/server/20260101-goosed.log:1:67 secret_in_log",
            ])
        let logged = try #require(result.findings(of: groq).first)
        #expect(logged.message.hasSuffix("since 2026-01-01T12:00:00Z"))
    }

    @Test("tool approvals: only readable_context is searched, at its line and key path")
    func toolApprovals() throws {
        let tree = try FixtureTree("cached-approvals")
        let token = Fake.github(seed: 56)
        let other = Fake.github(seed: 57)
        _ = try tree.file(
            "tool_permissions.json",
            """
            {
              "permissions": {
                "developer__shell": [
                  {"tool_name": "developer__shell", "readable_context": "gh auth login --with-token \(token)"}
                ]
              },
              "note": "\(other)"
            }

            """)
        let result = Cached.scan(tree.root, role: .config)
        #expect(result.summary == ["tool_permissions.json:4#permissions.developer__shell[0].readable_context secret_in_tool_approvals"])
    }

    @Test("a cache other users can read keeps the rule's severity and carries the exposure the ranking scores")
    func exposureRaisesSeverity() throws {
        let tree = try FixtureTree("cached-exposure")
        let token = Fake.github(seed: 58)
        try tree.chmod("", 0o755)
        _ = try tree.file("history.txt", "\(token)\n", mode: 0o644)
        _ = try tree.directory("private", mode: 0o700)
        let privateTree = try FixtureTree("cached-exposure-private")
        _ = try privateTree.file("history.txt", "\(token)\n", mode: 0o600)
        let open = try #require(Cached.scan(tree.root, role: .config).findings.first { $0.ruleID == "secret_in_history" })
        let closed = try #require(Cached.scan(privateTree.root, role: .config).findings.first { $0.ruleID == "secret_in_history" })
        #expect(closed.severity == .high && closed.exposure?.isReadableByOthers != true)
        #expect(open.severity == .high && open.exposure?.isReadableByOthers == true)
        #expect(open.message.contains("other users can read the file"))
    }

    @Test("extra rule files given with --rules apply to cached files too")
    func extraRules() throws {
        let tree = try FixtureTree("cached-extra-rules")
        let rules = try tree.file(
            "acme.yaml",
            """
            rules:
              - id: acme_token
                title: Acme token
                pattern: '\\b(acme_[a-z0-9]{24})\\b'
                keywords: [acme_]
            """)
        let data = try FixtureTree("cached-extra-rules-data")
        let value = "acme_" + "q8w7e6r5t4y3u2i1o9p0a8s7"
        _ = try data.file("history.txt", "token \(value)\n")
        let checks = try CachedSecretsModule.makeChecks(ModuleConfiguration(extraRuleFiles: [rules]))
        let result = Cached.scan(data.root, role: .config, checks: checks)
        #expect(result.summary == ["history.txt:1:7 secret_in_history"])
        #expect(result.findings.first?.message.hasPrefix("Acme token") == true)
    }
}

/// Files larger than the content cap are read whole, in blocks, with correct lines.
struct StreamingTests {
    @Test("a credential after the first 4 MiB block, and one straddling a cut inside a 9 MiB line, are found")
    func largeFile() throws {
        let tree = try FixtureTree("cached-large")
        _ = try tree.directory("logs")
        let late = Fake.github(seed: 61)
        let straddling = Fake.anthropic(seed: 62)
        var text = String(repeating: "{\"data\":\"" + String(repeating: "x", count: 1000) + "\"}\n", count: 5000)
        text += "{\"input\":{\"content\":\"key \(late)\"}}\n"
        // One line longer than two blocks, with a key sitting across the first cut.
        let cut = BlockReaderProbe.blockSize - text.utf8.count % BlockReaderProbe.blockSize
        text += String(repeating: "y", count: max(0, cut - 20)) + " key " + straddling + " " + String(repeating: "z", count: 9 << 20) + "\n"
        text += "{\"tail\":\"\(late)\"}\n"
        _ = try tree.file("logs/llm_request.0.jsonl", text)
        let result = Cached.scan(tree.root, role: .state)
        let lateFinding = try #require(result.findings(of: late).first)
        #expect(CheckRunner.describe(lateFinding.location) == "logs/llm_request.0.jsonl:5001:26#input.content")
        #expect(lateFinding.relatedLocations.map(CheckRunner.describe) == ["logs/llm_request.0.jsonl:5003:10#tail"])
        let cutFinding = try #require(result.findings(of: straddling).first)
        #expect(cutFinding.location.line == 5002)
        #expect(result.findings.count == 2)
    }
}

extension StreamingTests {
    @Test("raw bytes of a WAL larger than a block: a key across the cut is found once, at its byte offset")
    func rawOverlap() throws {
        let tree = try FixtureTree("cached-raw-overlap")
        _ = try tree.directory("sessions")
        let key = Fake.github(seed: 64)
        let start = BlockReaderProbe.blockSize - 10
        var bytes = [UInt8](repeating: 0, count: start - 1) + Array(" \(key) ".utf8)
        bytes += [UInt8](repeating: 0xFF, count: 1 << 20)
        _ = try tree.file("sessions/sessions.db-wal", bytes: bytes)
        let result = Cached.scan(tree.root, role: .data)
        let found = result.findings(of: key)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("at byte offset \(start)") == true)
        #expect(found.first?.relatedLocations.isEmpty == true)
    }
}

enum BlockReaderProbe {
    static let blockSize = 4 << 20
}

struct SuppressionTests {
    @Test("a goose-audit:ignore line written into a log by a tool does not silence the finding")
    func injectedSuppression() throws {
        let tree = try FixtureTree("cached-injected-ignore")
        let token = Fake.github(seed: 63)
        let marker = "goose-audit" + ":ignore secret_in_history harmless test value"
        _ = try tree.file("history.txt", "\(marker)\n\(token)\n")
        let result = Cached.scan(tree.root, role: .config)
        #expect(result.summary == ["history.txt:2:1 secret_in_history"])
    }
}
