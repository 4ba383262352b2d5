import GooseAuditCore

/// Finds goose files written by shell scripts, Dockerfiles, Nix modules and YAML manifests.
public enum EmbeddedExtractor {
    /// Commands whose here-document is itself a script (`RUN <<EOF`, `bash <<EOF`).
    static let scriptRunners: Set<String> = ["RUN", "run", "sh", "bash", "zsh", "dash", "ash"]

    /// Here-documents, `echo`/`printf` redirections and Dockerfile `COPY <<EOF dest` that write goose files.
    public static func fromShell(_ text: some StringProtocol, firstLine: Int = 1, depth: Int = 0) -> [EmbeddedDocument] {
        guard depth < 4 else { return [] }
        let script = ShellScript(text, firstLine: firstLine)
        var out: [EmbeddedDocument] = []
        for (index, command) in script.commands.enumerated() {
            for heredocIndex in command.heredocs {
                let heredoc = script.heredocs[heredocIndex]
                let target = heredocTarget(command, next: script.commands.dropFirst(index + 1).first)
                let first = command.words.first?.text ?? "RUN"
                if target == nil, scriptRunners.contains(first) || command.words.isEmpty {
                    out += fromShell(heredoc.text, firstLine: heredoc.firstLine, depth: depth + 1)
                    continue
                }
                guard let kind = EmbeddedTarget.kind(path: target, text: heredoc.text) else { continue }
                out.append(
                    EmbeddedDocument(
                        kind: kind, target: target, text: heredoc.text, firstLine: heredoc.firstLine,
                        expandsAtRunTime: heredoc.expandsAtRunTime, construct: .heredoc))
            }
            if let echoed = echoed(command) { out.append(echoed) }
        }
        return out
    }

    /// Where a command that reads a here-document writes it: its own redirection, `tee` after a pipe, or the
    /// destination of a Dockerfile `COPY <<EOF dest`.
    static func heredocTarget(_ command: ShellScript.Command, next: ShellScript.Command?) -> String? {
        if let target = command.writeTarget { return target.text }
        if let first = command.words.first?.text.uppercased(), first == "COPY" || first == "ADD",
            let last = command.words.last, command.words.count >= 2
        {
            return last.text
        }
        if command.terminator == "|", let next, let target = next.writeTarget { return target.text }
        return nil
    }

    /// `echo '…' > ~/.config/goose/config.yaml` and `printf '…' > …`, with `\n` and `\t` decoded.
    static func echoed(_ command: ShellScript.Command) -> EmbeddedDocument? {
        let words = Array(command.words.drop { ["RUN", "sudo"].contains($0.text) })
        guard let verb = words.first?.text, verb == "echo" || verb == "printf",
            let target = command.writeTarget
        else { return nil }
        let arguments = words.dropFirst().prefix { $0.text != ">" && $0.text != ">>" }.filter {
            !(verb == "echo" && ["-e", "-n", "-E", "-ne", "-en"].contains($0.text))
        }
        guard let firstWord = arguments.first else { return nil }
        let raw = arguments.map(\.text).joined(separator: " ")
        let text = raw.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
        guard let kind = EmbeddedTarget.kind(path: target.text, text: text) else { return nil }
        // A quoted argument that spans lines keeps its line mapping; `\n` escapes stand on one line.
        let spans = raw.contains("\n")
        return EmbeddedDocument(
            kind: kind, target: target.text, text: text.hasSuffix("\n") ? text : text + "\n",
            firstLine: firstWord.position.line, singleLine: !spans,
            expandsAtRunTime: arguments.contains(where: \.expands), construct: .echo)
    }

    /// Nix home-manager and NixOS text blocks: `xdg.configFile."goose/config.yaml".text = ''…'';`,
    /// `home.file.".config/goose/config.yaml".text = "…";`, `environment.etc."goose/config.yaml".text`.
    public static func fromNix(_ text: some StringProtocol) -> [EmbeddedDocument] {
        let lines = TextLines.split(text)
        var out: [EmbeddedDocument] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard let assignment = line.range(of: ".text"), let equals = line[assignment.upperBound...].firstIndex(of: "="),
                line[assignment.upperBound..<equals].allSatisfy({ $0 == " " })
            else {
                index += 1
                continue
            }
            let target = lastQuoted(line[..<assignment.lowerBound]).map { path in
                line.contains("configFile") ? ".config/" + path : line.contains("environment.etc") ? "/etc/" + path : path
            }
            let value = line[line.index(after: equals)...].drop { $0 == " " }
            if value.hasPrefix("''") {
                let body = indentedString(lines, from: index, after: value.dropFirst(2))
                if let kind = EmbeddedTarget.kind(path: target, text: body.text) {
                    out.append(
                        EmbeddedDocument(
                            kind: kind, target: target, text: body.text, firstLine: body.firstLine, construct: .nixText))
                }
                index = body.end + 1
                continue
            }
            if value.hasPrefix("\""), let closing = value.dropFirst().firstIndex(of: "\"") {
                let body = String(value[value.index(after: value.startIndex)..<closing]).replacingOccurrences(of: "\\n", with: "\n")
                if let kind = EmbeddedTarget.kind(path: target, text: body) {
                    out.append(
                        EmbeddedDocument(
                            kind: kind, target: target, text: body, firstLine: index + 1, singleLine: true, construct: .nixText))
                }
            }
            index += 1
        }
        return out
    }

    /// The last `"…"` literal in `text`.
    static func lastQuoted(_ text: Substring) -> String? {
        guard let close = text.lastIndex(of: "\""), let open = text[..<close].lastIndex(of: "\"") else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    /// A Nix indented string (`''` … `''`) starting after `rest` on line index `start`: its text with the
    /// common indentation removed (Nix's own rule), the 1-based line of its first body line, and the index
    /// of the line that closes it.
    static func indentedString(_ lines: [Substring], from start: Int, after rest: Substring) -> (text: String, firstLine: Int, end: Int) {
        var body: [Substring] = []
        var bodyStart: Int?
        var number = start
        var piece = rest
        func take(_ text: Substring) {
            // The opening line's blank rest and the closing line's indentation are not part of the text.
            guard !text.allSatisfy(\.isWhitespace) || (number != start && bodyStart != nil) else { return }
            if bodyStart == nil { bodyStart = number }
            body.append(text)
        }
        while true {
            if let close = closingQuotes(piece) {
                let before = piece[..<close]
                if !before.allSatisfy(\.isWhitespace) { take(before) }
                break
            }
            take(piece)
            number += 1
            guard number < lines.count else { break }
            piece = lines[number]
        }
        let indent = body.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        let text = body.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }
            .joined(separator: "\n")
            .replacingOccurrences(of: "'''", with: "''").replacingOccurrences(of: "''$", with: "$")
        return (body.isEmpty ? "" : text + "\n", (bodyStart ?? start) + 1, min(number, lines.count - 1))
    }

    /// Where `''` closes an indented string on this line (not the escapes `'''`, `''$`, `''\`).
    static func closingQuotes(_ line: Substring) -> Substring.Index? {
        var index = line.startIndex
        while let found = line[index...].range(of: "''") {
            let after = line[found.upperBound...].first
            if after == "'" || after == "$" || after == "\\" {
                index = line.index(found.upperBound, offsetBy: 1, limitedBy: line.endIndex) ?? line.endIndex
                continue
            }
            return found.lowerBound
        }
        return nil
    }
}
