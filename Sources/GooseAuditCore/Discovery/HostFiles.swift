/// Files that set goose's environment, start goose or write its configuration, recognised first by name
/// and then confirmed by a look at their head: only those that mention goose are inspected as such.
extension Classifier {
    static let shellStartupNames: Set<String> = [
        ".bashrc", ".bash_profile", ".bash_login", ".bash_aliases", ".profile", ".zshrc", ".zshenv", ".zprofile",
        ".zlogin", ".envrc", ".kshrc", "config.fish",
    ]

    /// The host-file kind of a name, before its content confirms it; nil for other names.
    static func hostFileKind(_ sourceName: String) -> ArtifactKind? {
        let name = chezmoiTarget(sourceName)
        let lower = name.lowercased()
        if shellStartupNames.contains(name) || shellStartupNames.contains("." + name) && name != "profile" {
            return .shellProfile
        }
        if [".sh", ".bash", ".zsh", ".fish"].contains(where: lower.hasSuffix) || lower.hasPrefix("entrypoint") {
            return .shellProfile
        }
        if lower == "dockerfile" || lower == "containerfile" || lower.hasSuffix(".dockerfile") || lower.hasPrefix("dockerfile.")
            || lower.hasSuffix(".containerfile")
        {
            return .containerFile
        }
        let yaml = lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
        if yaml, lower.hasPrefix("docker-compose") || lower.hasPrefix("compose.") || lower.hasPrefix("compose-") {
            return .composeFile
        }
        if lower == "devcontainer.json" || lower == ".devcontainer.json" { return .devcontainer }
        if lower.hasSuffix(".nix") { return .nixModule }
        if lower.hasSuffix(".service") || lower.hasSuffix(".plist") || lower.hasSuffix(".socket") { return .serviceDefinition }
        return nil
    }

    /// Whether the pipeline should look at the head of a file of this kind and name before it settles its
    /// kind (`refineByContent`).
    public static func needsContentLook(_ kind: ArtifactKind, name: String) -> Bool {
        switch kind {
        case .otherFile: isRecipeName(name) || name.hasSuffix(".yml") || hostFileKind(name) != nil
        case .shellProfile, .containerFile, .composeFile, .devcontainer, .nixModule: true
        default: false
        }
    }

    /// The kind after a look at the file's head: host files that never mention goose are ordinary files,
    /// unnamed YAML and JSON become a goose config, a recipe or a Kubernetes manifest by their keys.
    public static func refineByContent(_ kind: ArtifactKind, name: String, text: Substring) -> ArtifactKind {
        refineByContent(kind, name: name, mentionsGoose: mentionsGoose(text)) { text }
    }

    /// The same for a head read as `bytes`: whether it mentions goose is answered from the bytes (the word is ASCII,
    /// and decoding keeps every ASCII byte and its neighbours), and the text is decoded only for YAML and JSON.
    static func refineByContent(_ kind: ArtifactKind, name: String, bytes: [UInt8], text: () -> Substring) -> ArtifactKind {
        let mentions = bytes.withUnsafeBufferPointer { Self.mentionsGoose($0) }
        return refineByContent(kind, name: name, mentionsGoose: mentions, text: text)
    }

    private static func refineByContent(
        _ kind: ArtifactKind, name: String, mentionsGoose: Bool, text lazyText: () -> Substring
    ) -> ArtifactKind {
        switch kind {
        case .shellProfile, .containerFile, .composeFile, .devcontainer, .nixModule:
            return mentionsGoose ? kind : .otherFile
        case .otherFile:
            if let host = hostFileKind(name) { return mentionsGoose ? host : .otherFile }
            let text = lazyText()
            let refined = refine(kind, name: name, text: text)
            if refined != kind { return refined }
            if mentionsGoose, isRecipeName(name), text.hasPrefix("apiVersion:") || text.contains("\napiVersion:"),
                text.contains("\nkind:") || text.hasPrefix("kind:")
            {
                return .kubernetesManifest
            }
            return kind
        default:
            return kind
        }
    }

    /// `goose` in any case, as a word part (`goose`, `GOOSE_MODE`, `goose-cli`).
    static func mentionsGoose(_ text: Substring) -> Bool {
        let head = text.utf8.prefix(256 * 1024)
        // Over the bytes in place when they are contiguous (a native string's always are: asked of every text file
        // of a tree), else over a copy.
        return head.withContiguousStorageIfAvailable(Self.mentionsGoose) ?? Array(head).withUnsafeBufferPointer(Self.mentionsGoose)
    }

    static func mentionsGoose(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, bytes.count >= 5 else { return false }
        let starts = bytes.count - 4  // positions a whole word fits after
        func word(at index: Int) -> Bool {
            base[index] | 0x20 == UInt8(ascii: "g") && base[index + 1] | 0x20 == UInt8(ascii: "o")
                && base[index + 2] | 0x20 == UInt8(ascii: "o") && base[index + 3] | 0x20 == UInt8(ascii: "s")
                && base[index + 4] | 0x20 == UInt8(ascii: "e")
        }
        // Eight bytes at a time: a block with no `g`/`G` (no zero byte once case-folded and xor'ed with `g`s) is
        // skipped whole; a block with one has each of its eight starts checked.
        var index = 0
        while index + 8 <= starts {
            let folded = (UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) | 0x2020_2020_2020_2020) ^ 0x6767_6767_6767_6767
            if (folded &- 0x0101_0101_0101_0101) & ~folded & 0x8080_8080_8080_8080 != 0 {
                for start in index..<(index + 8) where word(at: start) { return true }
            }
            index += 8
        }
        while index < starts {
            if word(at: index) { return true }
            index += 1
        }
        return false
    }
}

extension Classifier {
    /// The hint-file names `CONTEXT_FILE_NAMES` adds (a JSON array of names, as goose reads it, or a
    /// comma-separated list), beyond goose's defaults.
    public static func contextFileNames(_ value: String?) -> Set<String> {
        guard let value, !value.isEmpty else { return [] }
        let trimmed = value.trimmingCharacters(in: " []")
        let names = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: " \"'") }.filter { !$0.isEmpty && !$0.contains("/") }
        return Set(names)
    }
}
