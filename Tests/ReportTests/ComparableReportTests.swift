import Foundation
import GooseAuditCore
import GooseAuditReports
import GooseAuditTestSupport
import Testing

/// Reports for people who compare machines: who and when in every header, a Markdown report that fits a
/// pull-request comment, JUnit failures that follow --fail-on, SARIF that code scanning shows correctly.
struct ComparableReportTests {
    static let root = PackagePaths.root(from: #filePath)
    static let sarifSchema = root + "/Tests/ReportTests/Fixtures/sarif-schema-2.1.0.json"

    @Test("every format's header names the host, user, time, goose version and absolute roots", arguments: RichReport.renderers.map(\.0))
    func header(_ name: String) throws {
        let renderer = try #require(RichReport.renderers.first { $0.0 == name }?.1)
        let text = try renderer.render(RichReport.report)
        let head = String(text.prefix(name == "report.sarif" || name == "report.json" ? text.count : 4000))
        for fact in ["laptop-17", "alice", "2026-11-18T", RichReport.roots[0].path] {
            #expect(head.contains(fact), "\(name) lacks \(fact)")
        }
        if name != "report.sarif" && name != "report.json" { #expect(head.contains("goose")) }
    }

    static func manyFindings(_ count: Int) -> Report {
        let descriptor = RichReport.descriptors[0]
        let findings = (0..<count).map { index in
            RichReport.finding(
                descriptor, "finding number \(index) with a long enough message to take room in a table row",
                path: "deep/folder/structure/file-\(index).yaml", line: index + 1, evidence: .fact("value \(index)"))
        }
        return Report(
            tool: ToolInfo(version: "0.1.0"), roots: RichReport.roots, findings: findings, notices: [], outcomes: [],
            descriptors: RichReport.descriptors, filesExamined: count, duration: 1, host: RichReport.host)
    }

    @Test("a 2,400-finding Markdown report fits a pull-request comment and counts what it left out")
    func markdownCap() throws {
        let text = try MarkdownRenderer().render(Self.manyFindings(2400))
        #expect(text.count <= MarkdownRenderer.commentLimit)
        #expect(text.utf8.count <= MarkdownRenderer.commentLimit)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") && ($0.dropFirst(2).first?.isNumber ?? false) }.count
        let omitted = try #require(text.firstMatch(of: /\*\*(\d+) more rows? not shown\*\*/).flatMap { Int($0.1) })
        #expect(rows + omitted == 2400)
        #expect(rows > 100)
        #expect(text.contains("files examined"), "the footer survives the cap")
        // A small report is not cut.
        #expect(!(try MarkdownRenderer().render(Self.manyFindings(20))).contains("not shown"))
    }

    @Test("JUnit failures follow --fail-on: below the threshold a check passes, never fails nothing")
    func junitFailOn() throws {
        let report = RichReport.report
        func failures(_ renderer: JUnitRenderer) throws -> Int {
            let text = try renderer.render(report)
            let match = try #require(text.firstMatch(of: /<testsuites name="[^"]*" tests="\d+" failures="(\d+)"/))
            #expect(text.components(separatedBy: "<failure ").count - 1 == Int(match.1)!)
            return Int(match.1)!
        }
        let all = try failures(JUnitRenderer(failOn: .info))
        let high = try failures(JUnitRenderer(failOn: .high))
        let critical = try failures(JUnitRenderer(failOn: .critical))
        #expect(all > high && high >= critical && critical > 0)
        #expect(try failures(JUnitRenderer(failOn: nil)) == 0)
        #expect(try JUnitRenderer(failOn: .critical).render(report).contains("<system-out>"))
    }

    func sarif(_ report: Report) throws -> (rules: [[String: Any]], results: [[String: Any]], text: String) {
        let text = try SARIFRenderer().render(report)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        return (rules, try #require(run["results"] as? [[String: Any]]), text)
    }

    @Test("a result's severity is its rule's security-severity and level, also when it differs from the check's")
    func sarifSeverity() throws {
        var findings = RichReport.findings
        let other: Severity = RichReport.descriptors[0].severity == .critical ? .low : .critical
        let raised = RichReport.finding(
            RichReport.descriptors[0], "changed by configuration", path: "x.yaml", evidence: .fact("f"), severity: other)
        let lowered = RichReport.finding(RichReport.descriptors[0], "lowered", path: "y.yaml", evidence: .fact("f"), severity: .info)
        findings += [raised, lowered]
        let report = Report(
            tool: ToolInfo(version: "0.1.0"), roots: RichReport.roots, findings: findings, notices: [], outcomes: [],
            descriptors: RichReport.descriptors, filesExamined: 1, duration: 1, host: RichReport.host)
        let (rules, results, text) = try sarif(report)
        let byID = Dictionary(uniqueKeysWithValues: rules.map { ($0["id"] as! String, $0) })
        let bands: [String: String] = ["critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"]
        #expect(results.count == findings.count)
        for result in results {
            let severity = try #require((result["properties"] as? [String: Any])?["severity"] as? String)
            let rule = try #require(byID[result["ruleId"] as? String ?? ""])
            #expect(rules.firstIndex { ($0["id"] as? String) == rule["id"] as? String } == result["ruleIndex"] as? Int)
            let ruleSeverity = (rule["properties"] as? [String: Any])?["security-severity"] as? String
            #expect(ruleSeverity == bands[severity], "\(result["ruleId"] ?? "") \(severity)")
            #expect((result["properties"] as? [String: Any])?["security-severity"] as? String == bands[severity])
            #expect(((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String) == result["level"] as? String)
        }
        #expect(byID["\(RichReport.descriptors[0].id)/\(other.name)"] != nil, "\(byID.keys.sorted())")
        #expect(try SchemaValidator.validate(text, schema: Self.sarifSchema, draft: "Draft7Validator").isEmpty)
    }

    @Test("SARIF never points a result at a directory: the nearest file, else a logical location")
    func sarifNoDirectory() throws {
        let tree = try FixtureTree("sarif-dirs")
        try tree.directory("goose", mode: 0o777)
        try tree.file("goose/config.yaml", "GOOSE_MODE: approve\n")
        try tree.directory("empty", mode: 0o777)
        let root = ScanRoot(label: ".", path: tree.root, role: .path)
        let d = RichReport.descriptors[0]
        // Each finding carries its directory's artifact, as the pipeline gives it.
        let findings = ["goose", "empty", ""].enumerated().map { index, path in
            var finding = RichReport.finding(d, "directory \(index)", path: path, evidence: .fact("mode 0777"))
            finding.artifact = ArtifactID(index: index, rootIndex: 0, path: path.isEmpty ? tree.root : tree.root + "/" + path)
            return finding
        }
        var report = Report(
            tool: ToolInfo(version: "0.1.0"), roots: [root], findings: findings, notices: [], outcomes: [],
            descriptors: RichReport.descriptors, filesExamined: 1, duration: 1, host: RichReport.host)
        report.directories = DirectoryAnchors.locate(findings: report.findings, roots: [root])
        let (_, results, text) = try sarif(report)
        var uris: [String] = []
        for result in results {
            for location in result["locations"] as? [[String: Any]] ?? [] {
                if let uri = ((location["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String {
                    uris.append(uri)
                    var isDirectory: ObjCBool = false
                    #expect(
                        FileManager.default.fileExists(atPath: tree.root + "/" + uri, isDirectory: &isDirectory) && !isDirectory.boolValue,
                        "\(uri)")
                } else {
                    #expect(location["logicalLocations"] != nil)
                }
            }
        }
        #expect(uris == ["goose/config.yaml"], "\(uris)")
        #expect(results.count == 3)
        #expect(try SchemaValidator.validate(text, schema: Self.sarifSchema, draft: "Draft7Validator").isEmpty)
    }

    @Test("every help link points at a page that exists in this repository")
    func helpLinks() throws {
        let (rules, _, _) = try sarif(RichReport.report)
        let base = RichReport.report.tool.documentationBase + "/"
        for rule in rules {
            let uri = try #require(rule["helpUri"] as? String)
            #expect(uri.hasPrefix(base))
            let page = String(uri.dropFirst(base.count))
            let id = (rule["id"] as? String ?? "").split(separator: "/").first.map(String.init) ?? ""
            // RichReport's descriptors are made up; a shipped check's page is docs/checks/<id>.md.
            #expect(page == "docs/checks/\(id).md" || page == "docs/checks/README.md")
        }
        #expect(FileManager.default.fileExists(atPath: Self.root + "/docs/checks/README.md"))
    }
}
