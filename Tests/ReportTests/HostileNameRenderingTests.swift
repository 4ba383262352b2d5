import Foundation
import GooseAuditCore
import GooseAuditReports
import Testing

/// Every renderer over the rich report with hostile names (issue 19): no raw control, bidi or zero-width
/// character in any format's bytes, no text line a CI runner reads as a command, and JSON keeps the names exact.
struct HostileNameRenderingTests {
    static let names = [
        "recipes/\u{1B}[2J\u{1B}]8;;https://example.invalid\u{07}x\u{1B}]8;;\u{07}.yaml", "a\n::error file=x::fake",
        "gnp.\u{202E}yaml", "z\u{200B}w\u{FEFF}\u{2066}i\u{2069}", "cr\r\u{7F}\u{9B}\t", "##[error]x", "::warning::y",
    ]

    static var report: Report {
        var findings = RichReport.findings
        for index in findings.indices {
            let name = names[index % names.count]
            findings[index].location.path = name
            findings[index].message += " " + name
            findings[index].location.keyPath = name
        }
        return Report(
            tool: ToolInfo(version: "0.1.0"), roots: RichReport.roots, findings: findings,
            notices: names.map { Notice(kind: .parseError, path: $0, message: $0) }, outcomes: RichReport.outcomes,
            descriptors: RichReport.descriptors, filesExamined: 1, duration: 0)
    }

    static func raw(_ text: String) -> [UInt32] {
        text.unicodeScalars.filter { $0 != "\n" && TerminalText.isHidden($0) }.map(\.value)
    }

    @Test("no raw hidden characters", arguments: RichReport.renderers.map(\.0))
    func everyFormat(_ name: String) throws {
        let renderer = try #require(RichReport.renderers.first { $0.0 == name }?.1)
        let output = try renderer.render(Self.report)
        #expect(Self.raw(output).isEmpty, "\(name): \(Self.raw(output))")
        if name == "report.txt" {
            let lines = output.split(separator: "\n").map { $0.drop(while: \.isWhitespace) }
            #expect(!lines.contains { $0.hasPrefix("::") || $0.hasPrefix("##[") })
            #expect(output.contains(#"gnp.\u{202E}yaml"#))
        }
        if name == "report.json" {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            let paths = (json["notices"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            #expect(paths == Self.names)
        }
    }

    @Test func colourComesOnlyFromTheRenderer() throws {
        let output = try TextRenderer(colour: true).render(Self.report)
        let stripped = output.replacingOccurrences(of: #"\x1B\[[0-9;]*m"#, with: "", options: .regularExpression)
        #expect(!stripped.contains("\u{1B}"))
        #expect(output.contains("\u{1B}[1m"))
    }
}
