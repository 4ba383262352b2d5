import Foundation
import GooseAuditCore
import GooseAuditReports
import GooseAuditTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every renderer over `RichReport`. Snapshots live in `__Snapshots__/`; after an intended change,
/// re-record them with `GOOSE_AUDIT_RECORD_SNAPSHOTS=1 swift test --filter ReportTests` and review the diff.
struct RendererTests {
    static let packageRoot = PackagePaths.root(from: #filePath)
    static let snapshots = packageRoot + "/Tests/ReportTests/__Snapshots__"

    @Test("every format matches its snapshot", arguments: RichReport.renderers.map(\.0))
    func snapshot(_ name: String) throws {
        let renderer = try #require(RichReport.renderers.first { $0.0 == name }?.1)
        let text = try renderer.render(RichReport.report)
        let problem = Snapshot.verify(text, named: name, in: Self.snapshots)
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test("SARIF validates against the SARIF 2.1.0 schema (Draft 7)")
    func sarifSchema() throws {
        let schema = Self.packageRoot + "/Tests/ReportTests/Fixtures/sarif-schema-2.1.0.json"
        try #require(FileManager.default.fileExists(atPath: schema), "missing \(schema)")
        let problems = try SchemaValidator.validate(try SARIFRenderer().render(RichReport.report), schema: schema, draft: "Draft7Validator")
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("the JSON report validates against report-v1.schema.json (Draft 2020-12)")
    func jsonSchema() throws {
        let schema = Self.packageRoot + "/reports/schema/report-v1.schema.json"
        let problems = try SchemaValidator.validate(
            try JSONRenderer().render(RichReport.report), schema: schema, draft: "Draft202012Validator")
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("the schema validator rejects an invalid SARIF document (so the schema test can fail)")
    func validatorRejects() throws {
        let schema = Self.packageRoot + "/Tests/ReportTests/Fixtures/sarif-schema-2.1.0.json"
        try #require(FileManager.default.fileExists(atPath: schema))
        let problems = try SchemaValidator.validate(
            #"{"version": "9.9", "runs": [{"results": "none"}]}"#, schema: schema, draft: "Draft7Validator")
        #expect(!problems.isEmpty)
    }

    @Test("SARIF carries levels, security-severity, base ids, fingerprints and suppressions as GitHub needs them")
    func sarifShape() throws {
        let data = Data(try SARIFRenderer().render(RichReport.report).utf8)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let results = try #require(run["results"] as? [[String: Any]])
        let bases = try #require(run["originalUriBaseIds"] as? [String: Any])
        #expect(Set(bases.keys) == ["ROOT1", "ROOT2"])
        for rule in rules {
            let properties = try #require(rule["properties"] as? [String: Any])
            #expect((properties["tags"] as? [String])?.contains("security") == true)
            #expect(Double(properties["security-severity"] as? String ?? "") != nil)
            // A severity variant (`id/high`) links its check's page.
            let id = (rule["id"] as? String ?? "").split(separator: "/").first.map(String.init) ?? ""
            #expect((rule["helpUri"] as? String)?.hasSuffix("docs/checks/\(id).md") == true)
        }
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let artifact = try #require(location["artifactLocation"] as? [String: Any])
            #expect(bases[artifact["uriBaseId"] as? String ?? ""] != nil)
            #expect((artifact["uri"] as? String)?.hasPrefix("/") == false)
            #expect((result["partialFingerprints"] as? [String: String])?[SARIFRenderer.fingerprintKey]?.count == 64)
        }
        let withoutLine = try #require(results.first { ($0["ruleId"] as? String) == "secrets_file_exposed" && $0["suppressions"] == nil })
        let physical = (withoutLine["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
        #expect(physical?["region"] == nil)
        let kinds = results.compactMap { ($0["suppressions"] as? [[String: Any]])?.first?["kind"] as? String }.sorted()
        #expect(kinds == ["external", "inSource"])
        let unicode = results.compactMap {
            (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]
        }
        .compactMap { $0["uri"] as? String }
        #expect(unicode.contains("r%C3%A9cettes/%E6%97%A5%E6%9C%AC%E8%AA%9E%20recipe.yaml"))
    }

    @Test("JUnit has one testcase per check: failures list findings, disabled and not-applicable are skipped")
    func junitShape() throws {
        let xml = try JUnitRenderer().render(RichReport.report)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == RichReport.outcomes.count)
        #expect(xml.contains(#"tests="9" failures="6" errors="0" skipped="2""#))
        #expect(xml.components(separatedBy: "<skipped ").count - 1 == 2)
        #expect(!xml.contains("<script>"))
        let document = try XMLDocument(xmlString: xml)
        #expect(try document.nodes(forXPath: "//testcase").count == 9)
    }

    @Test("Markdown escapes table cells and folds findings past the top ten")
    func markdownShape() throws {
        var findings = RichReport.findings
        for index in 0..<12 {
            findings.append(
                RichReport.finding(
                    RichReport.descriptors[5], "extra finding \(index)", path: "extra/\(index).yaml", evidence: .fact("n\(index)")))
        }
        var report = RichReport.report
        report = Report(
            tool: report.tool, roots: report.roots, findings: findings, notices: report.notices, outcomes: report.outcomes,
            descriptors: RichReport.descriptors, filesExamined: 42, duration: 1.234)
        let text = try MarkdownRenderer().render(report)
        #expect(text.contains("<details><summary>8 more findings</summary>"))
        #expect(!text.contains("<script>"))
        #expect(!text.contains("`dev|shell`"))
        #expect(text.contains(#"\`dev\|shell\`"#))
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") && ($0.dropFirst(2).first?.isNumber ?? false) }
        #expect(rows.count == 6 + 12)
        for row in rows {
            let pipes = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(pipes == 7, "\(row)")
        }
    }

    @Test("HTML is self-contained with a strict CSP and escapes every value")
    func htmlShape() throws {
        let html = try HTMLRenderer().render(RichReport.report)
        #expect(html.contains("http-equiv=\"Content-Security-Policy\""))
        #expect(html.contains("default-src &#39;none&#39;"))
        #expect(!html.contains("unsafe-inline"))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        for external in ["src=\"http", "href=\"http", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
        #expect(html.contains("<svg"))
        #expect(html.contains("remediation"))
    }
}

/// The validator itself did not run (so a schema test cannot pass by accident).
struct ValidatorUnavailable: Error {
    var reason: String
}

/// Validates JSON against a JSON Schema with python3's jsonschema.
enum SchemaValidator {
    static func validate(_ json: String, schema: String, draft: String) throws -> [String] {
        let tree = try FixtureTree("schema")
        let document = try tree.file("document.json", json)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); document = json.load(open(sys.argv[2]))
            validator = getattr(jsonschema, sys.argv[3])(schema)
            for error in validator.iter_errors(document):
                print("/".join(str(p) for p in error.absolute_path) + ": " + error.message[:300])
            """
        // python3 as found on PATH: the one with jsonschema installed may not be /usr/bin's.
        let result = try Shell.capture("/usr/bin/env", ["python3", "-c", script, schema, document, draft])
        guard result.status == 0 else {
            throw ValidatorUnavailable(reason: result.stderr)
        }
        return result.stdout.split(separator: "\n").map(String.init)
    }
}
