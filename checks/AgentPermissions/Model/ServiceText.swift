import GooseAuditCore
import StructuredText

/// What a systemd unit, a launchd plist or a shell wrapper says about how goose is started: the
/// variables it sets and the words of its command lines, each with its line.
struct ServiceText: Sendable {
    struct Word: Sendable {
        var text: String
        var setting: Setting
    }

    let artifact: Artifact
    let words: [Word]

    /// The file's words, split once and shared by the server checks; nil for templates
    /// (`.env.example`), whose placeholders are meant to be replaced.
    static func of(_ target: CheckTarget) -> ServiceText? {
        guard !isTemplate(target.artifact.name) else { return nil }
        return target.memo("agent-permissions:service-text") { ServiceText(target) }
    }

    static func isTemplate(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["example", "sample", "template", ".dist", ".tmpl"].contains { lower.contains($0) }
    }

    private init?(_ target: CheckTarget) {
        guard let lines = target.content?.lines else { return nil }
        artifact = target.artifact
        var words: [Word] = []
        for (index, line) in lines.enumerated() {
            // Commented-out settings (`#`, `;` in units and scripts) are not in effect.
            let body = line.drop { $0 == " " || $0 == "\t" }
            if body.hasPrefix("#") || body.hasPrefix(";") { continue }
            for piece in Self.split(line) {
                let text = String(piece.text)
                let scalar = Scalar(value: text, position: Position(line: index + 1, column: piece.column))
                words.append(Word(text: text, setting: .at(.scalar(scalar), [], in: target.artifact)))
            }
        }
        self.words = words
    }

    /// Words of a line: split on blanks, quotes and XML tags (`<string>--host</string>`).
    private static func split(_ line: Substring) -> [(text: Substring, column: Int)] {
        var out: [(Substring, Int)] = []
        var start: Substring.Index?
        var inTag = false
        var index = line.startIndex
        func flush(_ end: Substring.Index) {
            if let begin = start, begin < end { out.append((line[begin..<end], line.distance(from: line.startIndex, to: begin) + 1)) }
            start = nil
        }
        while index < line.endIndex {
            let ch = line[index]
            if ch == "<" {
                flush(index); inTag = true
            } else if ch == ">" {
                inTag = false; start = nil
            } else if !inTag {
                // Commas and brackets separate the words of exec-form lists (`["goose", "serve"]`).
                if ch == " " || ch == "\t" || ch == "\"" || ch == "'" || ch == ";" || ch == "," || ch == "[" || ch == "]" {
                    flush(index)
                } else if start == nil {
                    start = index
                }
            }
            index = line.index(after: index)
        }
        flush(line.endIndex)
        return out
    }

    /// launchd property lists name a variable in one element and give its value in the next.
    var isPlist: Bool { artifact.name.lowercased().hasSuffix(".plist") }

    /// The value given to `name`: `NAME=value` (systemd `Environment=`, shell `export`), or the word
    /// after a plist `<key>NAME</key>`.
    func value(of name: String) -> Word? {
        for (index, word) in words.enumerated() {
            var text = Substring(word.text)
            if text.hasPrefix("Environment=") { text = text.dropFirst("Environment=".count) }
            if text.hasPrefix(name + "=") {
                let rest = text.dropFirst(name.count + 1)
                if rest.isEmpty, index + 1 < words.count, words[index + 1].setting.position.line == word.setting.position.line {
                    return words[index + 1]
                }
                var found = word
                found.text = String(rest)
                return found
            }
            if isPlist, text == name, index + 1 < words.count, words[index + 1].setting.position.line <= word.setting.position.line + 1 {
                return words[index + 1]
            }
        }
        return nil
    }

    /// The word following a command-line flag (`--host 0.0.0.0` or `--host=0.0.0.0`).
    func argument(of flag: String) -> Word? {
        for (index, word) in words.enumerated() {
            if word.text.hasPrefix(flag + "=") {
                var found = word
                found.text = String(word.text.dropFirst(flag.count + 1))
                return found
            }
            if word.text == flag, index + 1 < words.count { return words[index + 1] }
        }
        return nil
    }

    func word(_ text: String) -> Word? { words.first { $0.text == text } }

    /// Whether the file starts goose's server (`goose serve`, `goosed`) or sets its variables.
    var startsGooseServer: Bool {
        words.contains {
            $0.text.hasSuffix("goosed") || $0.text.hasPrefix("GOOSE_SERVER__") || $0.text.hasPrefix("Environment=GOOSE_SERVER__")
        }
            || zip(words, words.dropFirst()).contains { $0.text.hasSuffix("goose") && $1.text == "serve" }
    }
}

extension Setting {
    /// The position of a setting set in a file (line 0 for environment values).
    var position: Position {
        if case .file(_, let position) = origin { return position }
        return Position(line: 0, column: 0)
    }
}
