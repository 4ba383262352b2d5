/// goose takes every setting from the environment before config.yaml. These are the variables and goose
/// command lines that shell startup files, `.env` files, systemd units, Dockerfiles, compose files,
/// Kubernetes manifests, Nix modules and CI files set, each with its line.
public struct EnvironmentLayer: Sendable, Hashable {
    /// `NAME=value` as a file sets it.
    public struct Assignment: Sendable, Hashable {
        public var name: String
        public var value: Scalar
        /// Where the name stands.
        public var namePosition: Position
        /// The variable reaches programs started from here (`export`, systemd, Dockerfile `ENV`, manifests);
        /// false for a plain shell variable that no `export` names.
        public var exported: Bool
    }

    /// `goose run …`, `goose serve …`, `goosed`: a goose command line, from the `goose` word on.
    public struct CommandLine: Sendable, Hashable {
        public var words: [ShellScript.Word]

        /// `run`, `session`, `serve`, `web`, …; nil for `goosed` or a bare `goose`.
        public var subcommand: String? {
            words.count > 1 && !words[1].text.hasPrefix("-") ? words[1].text : nil
        }

        public var line: Int { words.first?.position.line ?? 0 }

        /// The values given to `flag` (`--flag value` or `--flag=value`), with their positions.
        public func values(of flag: String) -> [ShellScript.Word] {
            var out: [ShellScript.Word] = []
            for (index, word) in words.enumerated() {
                if word.text == flag, index + 1 < words.count {
                    out.append(words[index + 1])
                } else if word.text.hasPrefix(flag + "=") {
                    var value = word
                    value.text = String(word.text.dropFirst(flag.count + 1))
                    out.append(value)
                }
            }
            return out
        }

        /// The word of `flag` itself, when it is given (with or without a value).
        public func flag(_ flag: String) -> ShellScript.Word? {
            words.first { $0.text == flag || $0.text.hasPrefix(flag + "=") }
        }
    }

    public var assignments: [Assignment] = []
    public var commandLines: [CommandLine] = []
    /// `EnvironmentFile=` paths of systemd units (read where they are scanned themselves).
    public var environmentFiles: [String] = []

    public init() {}

    /// The last assignment of `name` that reaches goose (the one in effect).
    public func value(of name: String) -> Assignment? { assignments.last { $0.name == name && $0.exported } }

    static let commandNames: Set<String> = ["goose", "goosed"]
    static let subcommands: Set<String> = [
        "run", "session", "s", "serve", "web", "recipe", "acp", "mcp", "schedule", "configure", "agent", "term",
    ]

    /// Adds the command lines of a script's commands that start goose.
    mutating func addCommandLines(_ script: ShellScript) {
        for command in script.commands { addCommandLine(command.words) }
    }

    /// Records `words` from the goose word on, when they start goose (`goose run`, `/usr/bin/goosed`,
    /// `docker run img goose session`).
    mutating func addCommandLine(_ words: [ShellScript.Word]) {
        for (index, word) in words.enumerated() {
            let base = word.text.split(separator: "/").last.map(String.init) ?? word.text
            guard Self.commandNames.contains(base) else { continue }
            let next = index + 1 < words.count ? words[index + 1].text : nil
            guard base == "goosed" || index == 0 || next.map(Self.subcommands.contains) == true else { continue }
            commandLines.append(CommandLine(words: Array(words[index...])))
            return
        }
    }

    /// `NAME=value` words as assignments.
    mutating func addAssignments(_ words: some Sequence<ShellScript.Word>, exported: Bool) {
        for word in words {
            guard let equals = word.text.firstIndex(of: "="), Self.isName(word.text[..<equals]) else { continue }
            let name = String(word.text[..<equals])
            let valueColumn = word.position.column + name.count + 1
            let value = Scalar(
                value: String(word.text[word.text.index(after: equals)...]),
                position: Position(line: word.position.line, column: valueColumn))
            assignments.append(Assignment(name: name, value: value, namePosition: word.position, exported: exported))
        }
    }

    static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first == "_" || first.isLetter else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
