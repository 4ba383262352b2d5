import GooseAuditCore

/// A shell script split the way a POSIX shell reads it, far enough to find goose in it: simple commands
/// (words with positions, quotes removed), redirections and here-documents. It never runs or expands
/// anything; `$VAR` stays as written and is only noted.
public struct ShellScript: Sendable {
    /// One word of a command, quotes removed.
    public struct Word: Sendable, Hashable {
        public var text: String
        public var position: Position
        /// Some part of the word was quoted (`'…'`, `"…"` or a backslash escape).
        public var quoted: Bool
        /// The word holds an unquoted or double-quoted `$`, `` ` `` expansion: its value is decided at run time.
        public var expands: Bool
    }

    /// A simple command: the words between separators (`;`, `&&`, `||`, `|`, `&`, a line end).
    public struct Command: Sendable, Hashable {
        public var words: [Word]
        /// The separator that ended the command (`|` for the left side of a pipe, `\n` at a line end).
        public var terminator: String
        /// Indices into `ShellScript.heredocs` of the here-documents this command reads.
        public var heredocs: [Int]

        /// The word after a `>` or `>>` redirection, or the first file argument of `tee`: where the command writes.
        public var writeTarget: Word? {
            for (index, word) in words.enumerated() where !word.quoted && (word.text == ">" || word.text == ">>") {
                if index + 1 < words.count { return words[index + 1] }
            }
            let names = words.drop { ["sudo", "env", "command", "exec"].contains($0.text) }
            if let first = names.first, first.text == "tee" {
                return names.dropFirst().first { !$0.text.hasPrefix("-") }
            }
            return nil
        }
    }

    /// A here-document: the text between `<<DELIMITER` and the line that ends it.
    public struct Heredoc: Sendable, Hashable {
        public var delimiter: String
        /// A quoted delimiter (`<<'EOF'`, `<<"EOF"`, `<<\EOF`) keeps the body literal; an unquoted one
        /// expands `$VAR`, `${…}`, `$(…)` and backquotes in it at run time.
        public var quotedDelimiter: Bool
        /// The body, one element per line, without the terminating line.
        public var lines: [Substring]
        /// The script line of the body's first line.
        public var firstLine: Int
        /// The body ran to the end of the script without its terminating line.
        public var unterminated: Bool

        /// The body as one text.
        public var text: String { lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n") }

        /// Whether the shell substitutes anything in the body when it runs: an unquoted delimiter and a `$`
        /// or a backquote in the text.
        public var expandsAtRunTime: Bool {
            !quotedDelimiter && lines.contains { line in line.contains("`") || line.contains("$") }
        }
    }

    public private(set) var commands: [Command] = []
    public private(set) var heredocs: [Heredoc] = []

    /// Reads `text`; `firstLine` is the line of the text's first line in its file (for scripts embedded in
    /// YAML or Dockerfiles).
    public init(_ text: some StringProtocol, firstLine: Int = 1) {
        let lines = TextLines.split(text)
        var reader = Reader()
        var index = 0
        while index < lines.count {
            let lineNumber = firstLine + index
            reader.read(lines[index], line: lineNumber)
            index += 1
            guard !reader.inQuote, !reader.continued else { continue }
            reader.endCommand("\n")
            // Bodies of the here-documents opened on this line follow it, in order.
            for pending in reader.pendingHeredocs {
                var body: [Substring] = []
                var terminated = false
                let start = firstLine + index
                while index < lines.count {
                    var line = lines[index]
                    index += 1
                    if pending.stripTabs { line = line.drop { $0 == "\t" } }
                    if line == pending.delimiter || line.trimmingTrailingCR == pending.delimiter {
                        terminated = true
                        break
                    }
                    body.append(line)
                }
                reader.heredocs.append(
                    Heredoc(
                        delimiter: pending.delimiter, quotedDelimiter: pending.quoted, lines: body, firstLine: start,
                        unterminated: !terminated))
                if let owner = pending.command { reader.commands[owner].heredocs.append(reader.heredocs.count - 1) }
            }
            reader.pendingHeredocs = []
        }
        reader.endCommand("\n")
        commands = reader.commands
        heredocs = reader.heredocs
    }
}

extension Substring {
    var trimmingTrailingCR: Substring { last == "\r" ? dropLast() : self }
}
