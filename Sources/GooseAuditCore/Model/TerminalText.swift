/// The one escaping used for every human-readable output (text report, notices, `fix`, `checklist`,
/// `history`, `suppressions`, `config`, error messages), and by the HTML, Markdown and JUnit escapers for the
/// characters a reader cannot see. A scanned repository chooses its own names, keys and values; none of them may
/// move the cursor, clear the screen, plant a hyperlink, reorder text on screen or write a CI workflow command.
///
/// The vocabulary (docs/output.md):
/// - `\` becomes `\\`, so every backslash in output that is not doubled starts an escape and a path stays
///   unambiguous (undo the escapes to get the exact bytes back);
/// - TAB, LF and CR become `\t`, `\n`, `\r`; every other C0 control and DEL becomes `\xHH` (`\x1b` for ESC);
/// - C1 controls, bidirectional overrides, embeddings, isolates and marks, zero-width and other invisible format
///   characters, line and paragraph separators become `\u{HHHH}` (`\u{202E}`);
/// - `##vso[` (an Azure Pipelines command anywhere on a line) becomes `#\x23vso[`.
public enum TerminalText {
    /// `text` with every control, bidirectional and invisible character made visible (see the type's notes).
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) || text.contains("##vso[") else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) { out += visible(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out.replacingOccurrences(of: "##vso[", with: "#\\x23vso[")
    }

    /// Whether `scalar` is printed as an escape rather than itself.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\\" || isHidden(scalar)
    }

    /// Whether `scalar` is a control, bidirectional or invisible character (everything escaped except `\`).
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if value < 0xA0 { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: break
        }
        // Invisible characters that are not format characters: fillers and the Mongolian vowel separator.
        return [0x115F, 0x1160, 0x180E, 0x3164, 0xFFA0].contains(value)
    }

    /// The visible escape of one scalar (`\x1b`, `\n`, `\u{202E}`, `\\`).
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\\": return "\\\\"
        case "\t": return "\\t"
        case "\n": return "\\n"
        case "\r": return "\\r"
        default: break
        }
        let hex = String(scalar.value, radix: 16, uppercase: scalar.value >= 0x80)
        if scalar.value < 0x80 { return "\\x" + (hex.count < 2 ? "0" + hex : hex) }
        return "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
    }

    /// `output` (goose-audit's own text, data already escaped) with no line that a CI runner reads as a command:
    /// a line whose first visible text (after whitespace and goose-audit's own colour codes) starts with `::`
    /// (GitHub Actions) or `##[` / `##vso[` (Azure Pipelines) gets its first character escaped
    /// (`\x3a:error…`, `\x23#[…`). goose-audit writes no workflow commands of its own today; one that is meant
    /// must be written around this guard.
    public static func guardLines(_ output: String) -> String {
        guard output.contains("::") || output.contains("##") else { return output }
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices {
            let line = lines[index]
            var cursor = line.startIndex
            while cursor < line.endIndex {
                if line[cursor].isWhitespace {
                    cursor = line.index(after: cursor)
                } else if line[cursor] == "\u{1B}", let end = line[cursor...].firstIndex(of: "m") {
                    cursor = line.index(after: end)
                } else {
                    break
                }
            }
            let rest = line[cursor...]
            if rest.hasPrefix("::") {
                lines[index] = line[..<cursor] + "\\x3a" + rest.dropFirst()
            } else if rest.hasPrefix("##[") || rest.hasPrefix("##vso[") {
                lines[index] = line[..<cursor] + "\\x23" + rest.dropFirst()
            }
        }
        return lines.joined(separator: "\n")
    }

    /// JSON text with the hidden characters JSON encoders leave raw (bidirectional marks, zero-width characters,
    /// separators, C1 controls) written as `\uXXXX` escapes: the decoded values are unchanged, the bytes hold no
    /// character that reorders or hides text in a viewer. Valid because JSON structure is ASCII, so such a
    /// character can only stand inside a string.
    public static func jsonEscapingHidden(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value >= 0x7F && isHidden($0) }) else { return json }
        var out = ""
        out.reserveCapacity(json.utf8.count + 16)
        for scalar in json.unicodeScalars {
            guard scalar.value >= 0x7F, isHidden(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out
    }
}
