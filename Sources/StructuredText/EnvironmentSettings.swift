import GooseAuditCore

extension EnvironmentLayer {
    /// Whether goose reads `name` as a setting (every config.yaml key can come from the environment).
    /// Provider keys and other credentials are left to the secret scanners, which read the host file's text.
    public static func isGooseSetting(_ name: String) -> Bool {
        if name.hasPrefix("GOOSE_") || name.hasPrefix("SECURITY_PROMPT_") || name.hasPrefix("OTEL_EXPORTER_OTLP_") {
            return true
        }
        if ["CONTEXT_FILE_NAMES", "CODEX_SKIP_GIT_CHECK", "LANGFUSE_URL", "LANGFUSE_HOST"].contains(name) { return true }
        if name.hasSuffix("_COMMAND"), ["CLAUDE_CODE", "GEMINI_CLI", "CURSOR_AGENT", "CODEX"].contains(where: name.hasPrefix) {
            return true
        }
        // Provider endpoints (`OPENAI_HOST`, `OLLAMA_HOST`, `ANTHROPIC_BASE_URL`, `AZURE_OPENAI_ENDPOINT`).
        return ["_HOST", "_BASE_URL", "_ENDPOINT", "_BASE_PATH"].contains(where: name.hasSuffix)
            && !name.hasPrefix("DOCKER_") && !name.hasPrefix("KUBERNETES_")
    }

    /// The goose settings this layer gives goose, as a config document with host-file positions: every
    /// exported goose setting, and the extensions its goose command lines add (`--with-extension`,
    /// `--with-streamable-http-extension`, `--with-remote-extension`). Nil when it gives none.
    public func gooseSettings() -> StructuredDocument? {
        var pairs: [Node.Pair] = []
        var seen: [String: Int] = [:]
        for assignment in assignments where assignment.exported && Self.isGooseSetting(assignment.name) {
            let key = Scalar(value: assignment.name, position: assignment.namePosition)
            let pair = Node.Pair(key: key, value: .scalar(assignment.value))
            // The last assignment wins, as in the shell.
            if let index = seen[assignment.name] {
                pairs[index] = pair
            } else {
                seen[assignment.name] = pairs.count
                pairs.append(pair)
            }
        }
        let extensions = commandLineExtensions()
        if !extensions.isEmpty, let first = extensions.first {
            pairs.append(
                Node.Pair(
                    key: Scalar(value: "extensions", position: first.key.position), value: .mapping(extensions, first.key.position)))
        }
        guard let position = pairs.first?.key.position else { return nil }
        return StructuredDocument(format: .yaml, documents: [.mapping(pairs, position)])
    }

    /// Extensions added on goose command lines, named after the flag and the command so that their names
    /// (and so their fingerprints) do not depend on line numbers.
    func commandLineExtensions() -> [Node.Pair] {
        var out: [Node.Pair] = []
        for line in commandLines {
            for word in line.values(of: "--with-extension") {
                guard let stdio = Self.stdioExtension(word) else { continue }
                out.append(stdio)
            }
            for flag in ["--with-streamable-http-extension", "--with-remote-extension"] {
                for word in line.values(of: flag) {
                    let type = flag == "--with-remote-extension" ? "sse" : "streamable_http"
                    let scalar = { (value: String) in Node.scalar(Scalar(value: value, position: word.position)) }
                    let name = Scalar(value: "\(flag.dropFirst(2)) \(word.text)", position: word.position)
                    out.append(
                        Node.Pair(
                            key: name,
                            value: .mapping(
                                [Self.pair("type", scalar(type), word), Self.pair("uri", scalar(word.text), word)], word.position)))
                }
            }
        }
        return out
    }

    /// `--with-extension "KEY=value npx -y pkg"`: leading assignments become `envs`, then the command and its
    /// arguments.
    static func stdioExtension(_ word: ShellScript.Word) -> Node.Pair? {
        let inner = ShellScript(word.text).commands.flatMap(\.words)
        let envWords = inner.prefix { $0.text.contains("=") && isName($0.text.prefix { $0 != "=" }) }
        let command = inner.dropFirst(envWords.count)
        guard let cmd = command.first else { return nil }
        let at = { (text: String) in Node.scalar(Scalar(value: text, position: word.position)) }
        var fields = [pair("type", at("stdio"), word), pair("cmd", at(cmd.text), word)]
        fields.append(pair("args", .sequence(command.dropFirst().map { at($0.text) }, word.position), word))
        if !envWords.isEmpty {
            let envs = envWords.map { env -> Node.Pair in
                let name = String(env.text.prefix { $0 != "=" })
                return pair(name, at(String(env.text.dropFirst(name.count + 1))), word)
            }
            fields.append(pair("envs", .mapping(envs, word.position), word))
        }
        let name = "with-extension " + command.prefix(3).map(\.text).joined(separator: " ")
        return Node.Pair(key: Scalar(value: name, position: word.position), value: .mapping(fields, word.position))
    }

    static func pair(_ key: String, _ value: Node, _ word: ShellScript.Word) -> Node.Pair {
        Node.Pair(key: Scalar(value: key, position: word.position), value: value)
    }

    /// The layer of a host file of `kind`, read by the reader that fits it.
    public static func of(kind: ArtifactKind, name: String, text: String, document: StructuredDocument?) -> EnvironmentLayer {
        switch kind {
        case .shellProfile: fromShell(text)
        case .containerFile: fromDockerfile(text)
        case .nixModule: fromNix(text)
        case .serviceDefinition where name.hasSuffix(".plist"): EnvironmentLayer()
        case .serviceDefinition: fromSystemd(text)
        case .composeFile, .kubernetesManifest, .devcontainer, .ciWorkflow:
            document.map { fromStructured($0, lines: TextLines.split(text)) } ?? EnvironmentLayer()
        case .envFile:
            fromShell(text)
        default: EnvironmentLayer()
        }
    }
}
