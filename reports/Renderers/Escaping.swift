import GooseAuditCore

// Every escaper here first makes the characters a reader cannot see visible the way the text report does
// (`TerminalText`): controls, bidirectional marks and zero-width characters never reach a viewer raw.

/// Escaping for Markdown table cells and inline text (pull-request comments).
enum MarkdownText {
    /// Text safe inside a table cell: no pipes, no HTML, no code spans, no line breaks.
    static func cell(_ text: String) -> String {
        var out = ""
        for ch in TerminalText.escape(text) {
            switch ch {
            case "|": out += "\\|"
            case "`": out += "\\`"
            case "\\": out += "\\\\"
            case "*", "_", "[", "]", "~", "#", "$": out += "\\\(ch)"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            // `@name` in a pull-request comment notifies that user or team: a zero-width space after
            // the `@` (as Renovate does) keeps the text and drops the mention.
            case "@": out += "@&#8203;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// Escaping for HTML text and attribute values.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in TerminalText.escape(text) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// Escaping for XML text and attribute values (JUnit): line feeds stay (renderer-built bodies), every other
/// hidden character becomes its visible escape, so nothing XML 1.0 forbids remains.
enum XMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out.unicodeScalars.append(scalar)
            default:
                if TerminalText.isHidden(scalar) {
                    out += TerminalText.visible(scalar)
                } else if (0xFFFE...0xFFFF).contains(scalar.value) {
                    out += "?"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
