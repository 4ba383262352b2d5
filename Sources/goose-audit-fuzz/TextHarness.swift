import Foundation
import GooseAuditCore
import GooseAuditReports

/// The `text` harness: the input, split at NUL bytes, fills every scanned field of a report (root label, paths,
/// key path, message, evidence, remediation, suppression reason, notice); the text report is rendered with and
/// without colour, and the checklist text too. Invariants: the output holds no control character other than
/// line feeds and goose-audit's own colour codes, no bidirectional or invisible character, no line a CI runner
/// reads as a command, and every field comes back exactly when its escapes are undone.
enum TextHarness {
    static func run(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        func field(_ index: Int) -> String { parts.isEmpty ? "" : parts[index % parts.count] }
        for part in parts { invariant(unescape(TerminalText.escape(part)) == part, "escape does not round-trip") }

        let root = ScanRoot(label: field(0), path: "/fuzz/" + field(1), role: .path)
        let location = Location(root: field(0), path: field(1), line: 1, keyPath: field(2))
        var findings: [Finding] = []
        for (index, severity) in Severity.allCases.enumerated() {
            var finding = Finding(
                ruleID: "fuzz-rule-\(index)", category: .filesystem, severity: severity, kind: .exposure, title: field(3),
                message: field(3 + index), location: location, fingerprintPath: field(1),
                relatedLocations: [Location(root: field(4), path: field(5))], evidence: .fact(field(6)),
                remediation: field(7))
            if index == 0 { finding.suppression = Suppression(source: .inline, reason: field(8)) }
            findings.append(finding)
        }
        let report = Report(
            tool: ToolInfo(version: "0"), roots: [root], findings: findings,
            notices: [Notice(kind: .unreadable, path: field(9), message: field(10))], outcomes: [], descriptors: [],
            filesExamined: 1, duration: 0)
        for colour in [false, true] {
            guard let text = try? TextRenderer(colour: colour).render(report) else {
                invariant(false, "text renderer threw")
                return
            }
            checkOutput(text, colour: colour)
        }
    }

    /// No raw control (but LF and goose-audit's own SGR codes), no hidden character, no CI command line.
    static func checkOutput(_ text: String, colour: Bool) {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}" {
                invariant(colour, "ESC in uncoloured output")
                // Only `ESC [ digits ; m` as `paint` writes it.
                var end = index + 1
                invariant(end < scalars.count && scalars[end] == "[", "ESC not followed by [")
                end += 1
                while end < scalars.count, scalars[end] == ";" || ("0"..."9").contains(scalars[end]) { end += 1 }
                invariant(end < scalars.count && scalars[end] == "m", "ESC sequence other than a colour code")
                index = end + 1
                continue
            }
            invariant(scalar == "\n" || !TerminalText.isHidden(scalar), "raw hidden character U+\(String(scalar.value, radix: 16))")
            index += 1
        }
        for line in text.split(separator: "\n") {
            let visible = line.replacingOccurrences(of: #"\x1B\[[0-9;]*m"#, with: "", options: .regularExpression)
                .drop(while: \.isWhitespace)
            invariant(!visible.hasPrefix("::") && !visible.hasPrefix("##[") && !visible.hasPrefix("##vso["), "a line reads as a CI command")
        }
    }

    /// The inverse of `TerminalText.escape`.
    static func unescape(_ text: String) -> String {
        var out = ""
        var scalars = Substring(text).unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "\\", let kind = scalars.popFirst() else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch kind {
            case "\\": out += "\\"
            case "t": out += "\t"
            case "n": out += "\n"
            case "r": out += "\r"
            case "x":
                let hex = String(String.UnicodeScalarView(scalars.prefix(2)))
                scalars = scalars.dropFirst(2)
                out.unicodeScalars.append(Unicode.Scalar(UInt32(hex, radix: 16) ?? 0x3F) ?? "?")
            case "u":
                let body = scalars.prefix { $0 != "}" }
                scalars = scalars.dropFirst(body.count + 1)
                let hex = String(String.UnicodeScalarView(body.dropFirst()))
                out.unicodeScalars.append(Unicode.Scalar(UInt32(hex, radix: 16) ?? 0x3F) ?? "?")
            default: out += "\\" + String(kind)
            }
        }
        return out
    }
}
