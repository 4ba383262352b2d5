import Foundation
import GooseAuditCore

/// The onboarding checklist in text, Markdown, JUnit or JSON.
public struct ChecklistRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text
        case markdown
        case junit
        case json
    }

    public var format: Format

    public init(format: Format) { self.format = format }

    public func render(_ checklist: Checklist, tool: ToolInfo) throws -> String {
        switch format {
        case .text: text(checklist)
        case .markdown: markdown(checklist)
        case .junit: junit(checklist, tool: tool)
        case .json: try json(checklist, tool: tool)
        }
    }

    static func mark(_ status: CheckOutcome.Status) -> String {
        switch status {
        case .pass: "PASS"
        case .fail: "FAIL"
        case .notApplicable: "n/a "
        case .disabled: "off "
        }
    }

    func grouped(_ checklist: Checklist) -> [(Category, [Checklist.Item])] {
        Category.allCases.compactMap { category in
            let items = checklist.items.filter { $0.category == category }
            return items.isEmpty ? nil : (category, items)
        }
    }

    func text(_ checklist: Checklist) -> String {
        var out = "goose-audit onboarding checklist — hardening index \(checklist.hardeningIndex)/100\n"
        for (category, items) in grouped(checklist) {
            out += "\n\(category.rawValue)\n"
            for item in items {
                out += "  [\(Self.mark(item.status))] \(TerminalText.escape(item.checkID)) — \(TerminalText.escape(item.title))\n"
                if item.status == .fail { out += "         fix: \(TerminalText.escape(item.fix))\n" }
            }
        }
        out += "\n\(checklist.passed) passed, \(checklist.failed) failed, \(checklist.notApplicable) not applicable\n"
        return TerminalText.guardLines(out)
    }

    func markdown(_ checklist: Checklist) -> String {
        var out = "## goose-audit onboarding checklist\n\n**Hardening index: \(checklist.hardeningIndex)/100** "
        out += "(\(checklist.passed) passed, \(checklist.failed) failed, \(checklist.notApplicable) not applicable)\n"
        for (category, items) in grouped(checklist) {
            out += "\n### \(category.rawValue)\n\n"
            for item in items {
                let box = item.status == .pass ? "[x]" : "[ ]"
                let suffix =
                    item.status == .notApplicable
                    ? " _(not applicable)_" : item.status == .fail ? " — fix: \(MarkdownText.cell(item.fix))" : ""
                out += "- \(box) `\(item.checkID)` \(MarkdownText.cell(item.title))\(suffix)\n"
            }
        }
        return out
    }

    func junit(_ checklist: Checklist, tool: ToolInfo) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let skipped = checklist.items.count - checklist.passed - checklist.failed
        out +=
            "<testsuites name=\"\(XMLText.escape(tool.name)) checklist\" tests=\"\(checklist.items.count)\" failures=\"\(checklist.failed)\" skipped=\"\(skipped)\">\n"
        for (category, items) in grouped(checklist) {
            let failures = items.filter { $0.status == .fail }.count
            let skips = items.filter { $0.status != .fail && $0.status != .pass }.count
            out +=
                "  <testsuite name=\"\(XMLText.escape(category.rawValue))\" tests=\"\(items.count)\" failures=\"\(failures)\" skipped=\"\(skips)\">\n"
            for item in items {
                out +=
                    "    <testcase classname=\"goose-audit.\(XMLText.escape(category.rawValue))\" name=\"\(XMLText.escape(item.checkID))\">"
                switch item.status {
                case .pass: break
                case .fail: out += "<failure message=\"\(XMLText.escape(item.title))\">\(XMLText.escape(item.fix))</failure>"
                case .notApplicable: out += "<skipped message=\"not applicable\"/>"
                case .disabled: out += "<skipped message=\"disabled\"/>"
                }
                out += "</testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    func json(_ checklist: Checklist, tool: ToolInfo) throws -> String {
        struct Item: Encodable {
            let id: String
            let title: String
            let area: String
            let severity: String
            let status: String
            let findings: Int
            let fix: String
            let weight: Int
        }
        struct Document: Encodable {
            let tool: String
            let version: String
            let hardening_index: Int
            let passed: Int
            let failed: Int
            let not_applicable: Int
            let items: [Item]
        }
        let document = Document(
            tool: tool.name, version: tool.version, hardening_index: checklist.hardeningIndex, passed: checklist.passed,
            failed: checklist.failed, not_applicable: checklist.notApplicable,
            items: checklist.items.map {
                Item(
                    id: $0.checkID, title: $0.title, area: $0.category.rawValue, severity: $0.severity.name,
                    status: $0.status.rawValue, findings: $0.findings, fix: $0.fix, weight: $0.weight)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return TerminalText.jsonEscapingHidden(String(decoding: try encoder.encode(document), as: UTF8.self)) + "\n"
    }
}
