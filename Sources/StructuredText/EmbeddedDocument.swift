import GooseAuditCore

/// goose configuration written by another file: a shell here-document, an `echo >`, a Dockerfile
/// `COPY <<EOF`, a Nix `.text = ''…''` block, a Kubernetes ConfigMap entry or a compose config. The text
/// is inspected as the artifact it becomes, and findings are reported at their lines in the host file.
public struct EmbeddedDocument: Sendable, Hashable {
    /// How the host file carries the text.
    public enum Construct: String, Sendable, Hashable {
        case heredoc = "here-document"
        case echo = "echo or printf"
        case nixText = "Nix text block"
        case yamlValue = "YAML value"
    }

    /// What the text becomes: `.config`, `.recipe`, `.secretsFile`, `.permissionPolicy`, `.hints` or `.envFile`.
    public var kind: ArtifactKind
    /// The path the text is written to, as the host file spells it (nil when only its shape told).
    public var target: String?
    public var text: String
    /// The host-file line of the text's first line.
    public var firstLine: Int
    /// The text stands on one host line (an `echo` with `\n`, a JSON string): every line maps to `firstLine`.
    public var singleLine: Bool
    /// The shell substitutes variables or commands in the text when it runs (an unquoted here-document).
    public var expandsAtRunTime: Bool
    public var construct: Construct

    public init(
        kind: ArtifactKind, target: String?, text: String, firstLine: Int, singleLine: Bool = false,
        expandsAtRunTime: Bool = false, construct: Construct
    ) {
        self.kind = kind
        self.target = target
        self.text = text
        self.firstLine = firstLine
        self.singleLine = singleLine
        self.expandsAtRunTime = expandsAtRunTime
        self.construct = construct
    }

    /// The host-file line of line `line` (1-based) of the embedded text.
    public func hostLine(_ line: Int) -> Int { singleLine ? firstLine : firstLine + max(line, 1) - 1 }

    /// A short description for messages: `here-document written to ~/.config/goose/config.yaml`.
    public var origin: String {
        construct.rawValue + (target.map { " written to " + $0 } ?? "")
    }
}

/// Which goose artifact a written path or a text becomes.
public enum EmbeddedTarget {
    /// The kinds of text goose-audit inspects when another file writes them.
    public static let inspectedKinds: Set<ArtifactKind> = [.config, .recipe, .secretsFile, .permissionPolicy, .hints, .envFile]

    /// The kind of the goose file at `path` (`~/.config/goose/config.yaml`, `$HOME/.goosehints`, `/app/recipe.yaml`),
    /// refined by `text` where the path alone does not tell; nil when it is not goose's.
    public static func kind(path: String?, text: some StringProtocol) -> ArtifactKind? {
        if let path, let byPath = kind(path: path) {
            if byPath == .recipe || byPath == .otherFile { return shape(text, name: name(of: path)) }
            return byPath
        }
        return shape(text, name: path.map(name(of:)) ?? "embedded.yaml")
    }

    /// The kind by place alone, with home and XDG variables read as the home folder.
    static func kind(path: String) -> ArtifactKind? {
        let relative = homeRelative(path)
        let parts = relative.split(separator: "/").map(String.init)
        guard let last = parts.last else { return nil }
        if Classifier.isHintsName(last) || last == "goosehints" { return .hints }
        if Classifier.isEnvName(last) { return .envFile }
        let classified = Classifier.classify(relativePath: relative, role: .path, type: .regular)
        let goosePlace = parts.dropLast().contains { $0.lowercased() == "goose" }
        switch classified {
        case .config, .additionalConfig, .systemConfig:
            return goosePlace ? .config : .otherFile
        case .secretsFile, .permissionPolicy:
            return goosePlace ? classified : nil
        case .recipe, .scheduledRecipe:
            return .recipe
        default:
            return Classifier.isRecipeName(last) ? .otherFile : nil
        }
    }

    /// A goose config or a recipe by its top-level keys.
    static func shape(_ text: some StringProtocol, name: String) -> ArtifactKind? {
        let probe = Classifier.isRecipeName(name) ? name : "embedded.yaml"
        let refined = Classifier.refine(.otherFile, name: probe, text: Substring(text))
        return refined == .otherFile ? nil : refined
    }

    static func name(of path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    /// `~/.config/goose/x`, `$HOME/…`, `${XDG_CONFIG_HOME:-$HOME/.config}/…`, `/root/…`, `/home/u/…` as a path
    /// relative to the home folder; other paths lose their leading slash.
    static func homeRelative(_ path: String) -> String {
        var rest = Substring(path)
        let configPrefixes = ["${XDG_CONFIG_HOME:-$HOME/.config}", "${XDG_CONFIG_HOME}", "$XDG_CONFIG_HOME"]
        if let prefix = configPrefixes.first(where: { rest.hasPrefix($0) }) {
            return ".config" + rest.dropFirst(prefix.count)
        }
        for prefix in ["~/", "$HOME/", "${HOME}/", "/root/"] where rest.hasPrefix(prefix) {
            return String(rest.dropFirst(prefix.count))
        }
        if rest.hasPrefix("/home/") {
            rest = rest.dropFirst("/home/".count)
            return String(rest.drop { $0 != "/" }.dropFirst())
        }
        return String(rest.drop { $0 == "/" })
    }
}
