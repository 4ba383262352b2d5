import GooseAuditCore

extension EnvironmentLayer {
    /// Shell startup files and scripts (`.bashrc`, `.zshrc`, `.profile`, `.envrc`, launch scripts, fish and
    /// csh syntax): `export NAME=value`, `NAME=value`, `set -gx NAME value`, `setenv NAME value`, and goose
    /// command lines. A plain `NAME=value` counts as exported when an `export NAME` names it (or `set -a`).
    public static func fromShell(_ text: some StringProtocol, firstLine: Int = 1) -> EnvironmentLayer {
        let script = ShellScript(text, firstLine: firstLine)
        var layer = EnvironmentLayer()
        var exportedNames: Set<String> = []
        var allExport = false
        for command in script.commands {
            let words = command.words
            guard let first = words.first?.text else { continue }
            switch first {
            case "export", "declare", "typeset", "readonly":
                let exports = first == "export" || words.contains { $0.text.hasPrefix("-") && $0.text.contains("x") }
                let rest = words.dropFirst().filter { !$0.text.hasPrefix("-") }
                layer.addAssignments(rest, exported: exports)
                if exports { exportedNames.formUnion(rest.map { String($0.text.prefix { $0 != "=" }) }) }
            case "set" where words.count >= 3 && words[1].text.hasPrefix("-") && words[1].text.contains("x"):
                layer.addFish(words)
            case "set" where words.count == 2 && (words[1].text == "-a" || words[1].text == "-o"):
                allExport = words[1].text == "-a"
            case "setenv" where words.count >= 3:
                layer.addPair(name: words[1], value: words[2])
            default:
                let prefix = words.prefix { $0.text.contains("=") && isName($0.text.prefix { $0 != "=" }) }
                // `NAME=value command` sets the variable for that command only, in its environment.
                let forCommand = prefix.count < words.count
                layer.addAssignments(prefix, exported: forCommand || allExport)
                if forCommand { layer.addCommandLine(Array(words.dropFirst(prefix.count))) }
            }
        }
        for index in layer.assignments.indices where exportedNames.contains(layer.assignments[index].name) {
            layer.assignments[index].exported = true
        }
        return layer
    }

    /// fish `set -gx NAME value…`.
    mutating func addFish(_ words: [ShellScript.Word]) {
        let rest = words.dropFirst(2)
        guard let name = rest.first, let value = rest.dropFirst().first else { return }
        addPair(name: name, value: value)
    }

    mutating func addPair(name: ShellScript.Word, value: ShellScript.Word) {
        guard Self.isName(Substring(name.text)) else { return }
        assignments.append(
            Assignment(
                name: name.text, value: Scalar(value: value.text, position: value.position), namePosition: name.position,
                exported: true))
    }

    /// systemd units: `Environment=` (several quoted `NAME=value` words), `EnvironmentFile=`, and
    /// `ExecStart=`/`ExecStartPre=` command lines (with systemd's `-@+!:` prefixes).
    public static func fromSystemd(_ text: some StringProtocol) -> EnvironmentLayer {
        var layer = EnvironmentLayer()
        for (index, line) in TextLines.split(text).enumerated() {
            let body = line.trimmedBlanks
            guard !body.hasPrefix("#"), !body.hasPrefix(";"), let equals = body.firstIndex(of: "=") else { continue }
            let key = body[..<equals].trimmedBlanks
            let value = body[body.index(after: equals)...]
            let column = body.distance(from: line.startIndex, to: value.startIndex) + 1
            let script = ShellScript(String(repeating: " ", count: column - 1) + value, firstLine: index + 1)
            let words = script.commands.flatMap(\.words)
            switch key {
            case "Environment":
                layer.addAssignments(words, exported: true)
            case "EnvironmentFile":
                layer.environmentFiles += words.map { String($0.text.drop { $0 == "-" }) }
            case _ where key.hasPrefix("Exec"):
                var trimmed = words
                if var first = trimmed.first {
                    first.text = String(first.text.drop { "-@+!:".contains($0) })
                    trimmed[0] = first
                }
                layer.addCommandLine(trimmed)
            default:
                continue
            }
        }
        return layer
    }

    /// Dockerfiles: `ENV NAME=value …` and the legacy `ENV NAME value`, and goose in `RUN`, `CMD` and
    /// `ENTRYPOINT` (shell and exec form).
    public static func fromDockerfile(_ text: some StringProtocol) -> EnvironmentLayer {
        var layer = EnvironmentLayer()
        let script = ShellScript(text)
        for command in script.commands {
            guard let instruction = command.words.first?.text.uppercased() else { continue }
            let rest = Array(command.words.dropFirst())
            switch instruction {
            case "ENV":
                if rest.count >= 2, !rest[0].text.contains("=") {
                    var value = rest[1]
                    value.text = rest.dropFirst().map(\.text).joined(separator: " ")
                    layer.addPair(name: rest[0], value: value)
                } else {
                    layer.addAssignments(rest, exported: true)
                }
            case "RUN", "CMD", "ENTRYPOINT":
                layer.addCommandLine(execForm(rest) ?? rest)
            default:
                continue
            }
        }
        for heredoc in script.heredocs {
            let inner = fromShell(heredoc.text, firstLine: heredoc.firstLine)
            layer.commandLines += inner.commandLines
        }
        return layer
    }

    /// The words of an exec-form instruction (`["goose", "serve", "--host", "0.0.0.0"]`), which the shell
    /// reader sees as bracketed, comma-joined words.
    static func execForm(_ words: [ShellScript.Word]) -> [ShellScript.Word]? {
        guard let first = words.first, first.text.hasPrefix("[") else { return nil }
        var out: [ShellScript.Word] = []
        for var word in words {
            word.text = String(word.text.drop { $0 == "[" })
            while word.text.hasSuffix(",") || word.text.hasSuffix("]") { word.text.removeLast() }
            if !word.text.isEmpty { out.append(word) }
        }
        return out
    }
}
