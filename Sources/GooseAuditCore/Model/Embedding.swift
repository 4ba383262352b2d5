/// How a goose artifact stands inside another file: a config written by a here-document in an entrypoint,
/// a recipe in a ConfigMap, or the goose settings a `.bashrc` exports. The pipeline inspects it as the
/// artifact it becomes and reports every finding at its line in the host file.
public struct Embedding: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Hashable, Codable {
        /// Text the host file writes (here-document, `echo >`, Nix text block, manifest value).
        case embeddedText = "embedded-text"
        /// Settings and command lines the host file gives goose through its environment.
        case environment
    }

    public var source: Source
    /// 0-based position among the host file's embedded artifacts (keeps fingerprints apart).
    public var index: Int
    /// The host-file line of line 1 of the embedded text.
    public var firstLine: Int
    /// Every line of the text stands on `firstLine` (an `echo` with `\n` escapes, a JSON string).
    public var singleLine: Bool
    /// For messages: `here-document written to ~/.config/goose/config.yaml`, `environment of .bashrc`.
    public var origin: String
    /// A file name that tells the text's format (`config.yaml`, `recipe.json`).
    public var formatName: String
    /// The shell substitutes variables in the text when it runs: what goose reads is decided at run time.
    public var expandsAtRunTime: Bool

    public init(
        source: Source, index: Int, firstLine: Int, singleLine: Bool = false, origin: String, formatName: String,
        expandsAtRunTime: Bool = false
    ) {
        self.source = source
        self.index = index
        self.firstLine = firstLine
        self.singleLine = singleLine
        self.origin = origin
        self.formatName = formatName
        self.expandsAtRunTime = expandsAtRunTime
    }

    /// The host-file line of `line` of the embedded text (environment settings carry host lines already).
    public func hostLine(_ line: Int) -> Int {
        switch source {
        case .environment: line
        case .embeddedText: singleLine ? firstLine : firstLine + max(line, 1) - 1
        }
    }

    /// Moves a finding raised on the embedded text to its place in the host file.
    public func relocate(_ finding: inout Finding) {
        if let line = finding.location.line {
            finding.location.line = hostLine(line)
            if singleLine, source == .embeddedText { finding.location.column = nil }
        }
        finding.message += " (\(origin))"
    }
}
