/// Where dotfiles managers keep goose's files in a repository: chezmoi's source state encodes the target
/// name in attribute prefixes and suffixes (`dot_config/goose/private_config.yaml.tmpl`), GNU Stow keeps a
/// package per program (`goose/.config/goose/config.yaml`), and plain dotfiles repositories keep a
/// `goose/` folder (`goose/config.yaml`).
extension Classifier {
    /// chezmoi's source-state attributes, stripped in this order from the front of a name.
    static let chezmoiPrefixes = [
        "create_", "modify_", "remove_", "run_", "once_", "onchange_", "before_", "after_", "symlink_", "encrypted_",
        "private_", "readonly_", "empty_", "executable_", "exact_", "external_", "literal_", "dot_",
    ]
    static let chezmoiSuffixes = [".tmpl", ".literal", ".age", ".asc"]

    /// The target name of a chezmoi source name (`private_dot_goosehints.tmpl` is `.goosehints`); other names
    /// unchanged.
    public static func chezmoiTarget(_ name: String) -> String {
        // Asked of every file name of a tree, nearly none of them source state.
        guard mayBeChezmoiName(name) else { return name }
        var rest = Substring(name)
        var changed = true
        while changed {
            changed = false
            for prefix in chezmoiPrefixes where rest.hasPrefix(prefix) {
                rest = rest.dropFirst(prefix.count)
                if prefix == "dot_" { return "." + chezmoiStripSuffixes(rest) }
                if prefix == "literal_" { return chezmoiStripSuffixes(rest) }
                changed = true
            }
        }
        return chezmoiStripSuffixes(rest)
    }

    static func chezmoiStripSuffixes(_ name: Substring) -> String {
        var rest = name
        for suffix in chezmoiSuffixes where rest.hasSuffix(suffix) && rest.count > suffix.count {
            rest = rest.dropLast(suffix.count)
        }
        return String(rest)
    }

    /// The path with every chezmoi source name turned into its target, when the path has any (a component
    /// starting with `dot_`, `private_`, … or ending in `.tmpl`); nil otherwise.
    static func chezmoiDecoded(_ parts: [String]) -> [String]? {
        // A path whose names neither start with an attribute prefix nor end in a suffix is no source state (this is
        // asked of every file of a tree).
        guard parts.contains(where: mayBeChezmoiName) else { return nil }
        let decoded = parts.map(chezmoiTarget)
        return decoded == parts ? nil : decoded
    }

    /// Whether `chezmoiTarget` may change `name`: its bytes start with an attribute prefix or end in an attribute
    /// suffix. (Every prefix and suffix is ASCII, and no character is canonically equivalent to one of their
    /// letters, so a name `hasPrefix` or `hasSuffix` matches also matches byte for byte.)
    static func mayBeChezmoiName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first else { return false }
        if chezmoiPrefixInitials.contains(first), chezmoiPrefixBytes.contains(where: { bytes.starts(with: $0) }) { return true }
        return chezmoiSuffixBytes.contains { bytes.count > $0.count && bytes.reversed().starts(with: $0.reversed()) }
    }

    private static let chezmoiPrefixBytes = chezmoiPrefixes.map { Array($0.utf8) }
    private static let chezmoiPrefixInitials = Set(chezmoiPrefixBytes.compactMap(\.first))
    private static let chezmoiSuffixBytes = chezmoiSuffixes.map { Array($0.utf8) }

    /// A `goose/` folder of a dotfiles repository holding goose's config-directory files: `goose/config.yaml`,
    /// `dotfiles/goose/recipes/x.yaml`. Returns the path below that folder.
    static func gooseFolderContents(_ parts: [String]) -> [String]? {
        guard parts.count >= 2, let folder = parts.dropLast().lastIndex(where: { $0 == "goose" || $0 == ".goose" }) else {
            return nil
        }
        let rest = Array(parts[(folder + 1)...])
        // `.goose/` in a project holds memory and recipes, never the user's config.
        if parts[folder] == ".goose", rest.first != "recipes" { return nil }
        return rest
    }

    /// `.devcontainer/goose.yaml`, `.devcontainer/goose-config.yml`: a goose config shipped with a dev container.
    static func isDevcontainerGooseConfig(_ parts: [String]) -> Bool {
        guard parts.count >= 2, parts[parts.count - 2] == ".devcontainer", let name = parts.last?.lowercased() else { return false }
        return name.contains("goose") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml"))
    }

    /// The kind of a file given on its own on the command line, judged by its whole absolute path so that
    /// scanning one file finds what scanning the folder that holds it finds.
    public static func classifyFileRoot(path: String, type: FileType) -> ArtifactKind {
        classify(relativePath: String(path.drop { $0 == "/" }), role: .path, type: type)
    }
}
