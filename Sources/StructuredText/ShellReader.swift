/// The character-level state of `ShellScript`: quotes, escapes, command substitutions and words, kept
/// across lines so that quoted text and backslash continuations span line ends.
struct Reader {
    struct PendingHeredoc {
        var delimiter: String
        var quoted: Bool
        var stripTabs: Bool
        var command: Int?
    }

    var commands: [ShellScript.Command] = []
    var heredocs: [ShellScript.Heredoc] = []
    var pendingHeredocs: [PendingHeredoc] = []

    private var words: [ShellScript.Word] = []
    private var word = ""
    private var wordStart: Position?
    private var wordQuoted = false
    private var wordExpands = false
    private var single = false
    private var double = false
    /// Depth of `$(` … `)` inside the current word.
    private var substitution = 0
    /// The next word is a here-document delimiter (`<<` or `<<-` was just read).
    private var expectingDelimiter: Bool?
    /// The last line ended in a backslash outside quotes.
    private(set) var continued = false

    var inQuote: Bool { single || double || substitution > 0 }

    mutating func read(_ line: Substring, line number: Int) {
        continued = false
        var chars = Array(line)
        if chars.last == "\r" { chars.removeLast() }
        var i = 0
        func at(_ offset: Int) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if single {
                if c == "'" { single = false } else { word.append(c) }
                i += 1
                continue
            }
            if c == "\\" {
                guard let next = at(1) else {
                    // A backslash at the line end continues the line (inside double quotes too).
                    continued = true
                    i += 1
                    continue
                }
                begin(number, column)
                wordQuoted = true
                if double, !"\"\\$`".contains(next) { word.append(c) }
                word.append(next)
                i += 2
                continue
            }
            if double {
                if c == "\"" {
                    double = false
                } else {
                    if c == "$" || c == "`" { wordExpands = true }
                    word.append(c)
                }
                i += 1
                continue
            }
            if substitution > 0 {
                if c == "(" { substitution += 1 }
                if c == ")" { substitution -= 1 }
                word.append(c)
                i += 1
                continue
            }
            switch c {
            case "'":
                begin(number, column)
                wordQuoted = true
                single = true
            case "\"":
                begin(number, column)
                wordQuoted = true
                double = true
            case "$":
                begin(number, column)
                wordExpands = true
                word.append(c)
                if at(1) == "(" {
                    substitution = 1
                    word.append("(")
                    i += 1
                }
            case "`":
                begin(number, column)
                wordExpands = true
                word.append(c)
            case " ", "\t":
                flush()
            case "#" where wordStart == nil:
                i = chars.count
                continue
            case ";", "&", "|", "(", ")":
                flush()
                var separator = String(c)
                if let next = at(1), next == c, c == "&" || c == "|" || c == ";" {
                    separator.append(next)
                    i += 1
                }
                endCommand(separator)
            case "<" where at(1) == "<" && at(2) != "<":
                flush()
                i += 2
                let strip = at(0) == "-"
                if strip { i += 1 }
                expectingDelimiter = strip
                continue
            case ">":
                flush()
                let append = at(1) == ">"
                words.append(
                    ShellScript.Word(
                        text: append ? ">>" : ">", position: Position(line: number, column: column), quoted: false, expands: false))
                if append { i += 1 }
            default:
                begin(number, column)
                word.append(c)
            }
            i += 1
        }
        if !inQuote && !continued { flush() }
        if double || single { word.append("\n") }
    }

    private mutating func begin(_ line: Int, _ column: Int) {
        if wordStart == nil { wordStart = Position(line: line, column: column) }
    }

    private mutating func flush() {
        guard let start = wordStart else { return }
        if let stripTabs = expectingDelimiter {
            pendingHeredocs.append(
                PendingHeredoc(
                    delimiter: word, quoted: wordQuoted, stripTabs: stripTabs, command: commands.count))
            expectingDelimiter = nil
        } else {
            words.append(ShellScript.Word(text: word, position: start, quoted: wordQuoted, expands: wordExpands))
        }
        word = ""
        wordStart = nil
        wordQuoted = false
        wordExpands = false
    }

    mutating func endCommand(_ terminator: String) {
        flush()
        let owned = pendingHeredocs.contains { $0.command == commands.count }
        guard !words.isEmpty || owned else { return }
        commands.append(ShellScript.Command(words: words, terminator: terminator, heredocs: []))
        words = []
    }
}
