/// Where a finding is: the root it was found under, a path relative to that root, and
/// optionally a line, a column and a YAML/JSON key path.
public struct Location: Sendable, Hashable, Codable {
    /// The scan root as the user gave it (or the goose location it stands for, such as `goose:config`).
    public var root: String
    /// The path relative to `root`, with `/` separators; empty for the root itself.
    public var path: String
    /// 1-based line, when the finding is about content.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// A dotted key path into a YAML or JSON document (`extensions.github.envs.GITHUB_TOKEN`).
    public var keyPath: String?

    public init(root: String, path: String, line: Int? = nil, column: Int? = nil, keyPath: String? = nil) {
        // A name that is a secret (a file, folder or key named with a token) is shown redacted (SecretNames).
        self.root = SecretNames.redact(root)
        self.path = SecretNames.redact(path)
        self.line = line
        self.column = column
        self.keyPath = keyPath.map(SecretNames.redact)
    }

    /// `path:line:column`, as a person reads it.
    public var display: String {
        var text = path.isEmpty ? "." : path
        if let line { text += ":\(line)" }
        if let line, line > 0, let column { text += ":\(column)" }
        return text
    }
}
