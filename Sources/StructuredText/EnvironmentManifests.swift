import GooseAuditCore

extension EnvironmentLayer {
    /// Mapping keys whose entries are environment variables: compose `environment`, CI `env` and GitLab
    /// `variables`, devcontainer `containerEnv`/`remoteEnv`, Kubernetes `env` lists.
    static let environmentKeys: Set<String> = ["environment", "env", "variables", "containerEnv", "remoteEnv"]

    /// YAML and JSON manifests: compose files, Kubernetes manifests, devcontainer files and CI files. Every
    /// value that holds a goose command line (a script, a `command:` list) is read as one.
    public static func fromStructured(_ document: StructuredDocument, lines: [Substring]) -> EnvironmentLayer {
        var layer = EnvironmentLayer()
        for root in document.documents { layer.walk(root, lines: lines) }
        return layer
    }

    private mutating func walk(_ root: Node, lines: [Substring]) {
        var stack: [Node] = [root]
        while let node = stack.popLast() {
            switch node {
            case .mapping(let pairs, _):
                for pair in pairs {
                    if Self.environmentKeys.contains(pair.key.value) { addEnvironment(pair.value) }
                    stack.append(pair.value)
                }
            case .sequence(let items, _):
                let words = items.compactMap(\.scalar).map {
                    ShellScript.Word(text: $0.value, position: $0.position, quoted: !$0.isPlain, expands: false)
                }
                // An exec-form list (`command: ["goose", "serve"]`) is one command line.
                if words.count == items.count, words.count >= 1 {
                    let before = commandLines.count
                    addCommandLine(words)
                    if commandLines.count > before { continue }
                }
                stack.append(contentsOf: items.reversed())
            case .scalar(let scalar):
                guard scalar.value.contains("goose") else { continue }
                let (start, singleLine) = EmbeddedExtractor.bodyStart(of: scalar.value, scalar: scalar, lines: lines)
                let before = commandLines.count
                addCommandLines(ShellScript(scalar.value, firstLine: start))
                // A quoted value with `\n` escapes stands on its own line.
                if singleLine {
                    for index in before..<commandLines.count {
                        for word in commandLines[index].words.indices {
                            commandLines[index].words[word].position.line = scalar.position.line
                        }
                    }
                }
            }
        }
    }

    /// `NAME: value` mappings, `- NAME=value` lists and Kubernetes `- name: N  value: V` lists. GitLab's
    /// `NAME: {value: V}` form counts too.
    private mutating func addEnvironment(_ node: Node) {
        switch node {
        case .mapping(let pairs, _):
            for pair in pairs where Self.isName(Substring(pair.key.value)) {
                let value = pair.value.scalar ?? pair.value["value"]?.scalar
                guard let value else { continue }
                assignments.append(Assignment(name: pair.key.value, value: value, namePosition: pair.key.position, exported: true))
            }
        case .sequence(let items, _):
            for item in items {
                if let scalar = item.scalar {
                    let word = ShellScript.Word(text: scalar.value, position: scalar.position, quoted: false, expands: false)
                    addAssignments([word], exported: true)
                } else if let name = item["name"]?.scalar, let value = item["value"]?.scalar {
                    assignments.append(Assignment(name: name.value, value: value, namePosition: name.position, exported: true))
                }
            }
        case .scalar:
            break
        }
    }

    /// Nix modules: `NAME = "value";` inside `home.sessionVariables`, `environment.variables`,
    /// `environment.sessionVariables` or a service's `environment`, and goose command lines in strings.
    public static func fromNix(_ text: some StringProtocol) -> EnvironmentLayer {
        var layer = EnvironmentLayer()
        var depth = 0
        var environmentDepth: Int?
        for (index, line) in TextLines.split(text).enumerated() {
            let body = line.trimmedBlanks
            if environmentDepth == nil,
                ["sessionVariables", "environment.variables", "environment = {", ".environment = {"].contains(where: { body.contains($0) })
            {
                environmentDepth = depth + 1
            }
            if let level = environmentDepth, depth + (body.contains("{") ? 1 : 0) >= level,
                let equals = body.firstIndex(of: "="), isName(body[..<equals].trimmedBlanks)
            {
                let name = body[..<equals].trimmedBlanks
                let rest = body[body.index(after: equals)...].trimmedBlanks
                if rest.hasPrefix("\""), let close = rest.dropFirst().firstIndex(of: "\"") {
                    let value = rest[rest.index(after: rest.startIndex)..<close]
                    let column = line.distance(from: line.startIndex, to: value.startIndex) + 1
                    let nameColumn = line.distance(from: line.startIndex, to: name.startIndex) + 1
                    layer.assignments.append(
                        Assignment(
                            name: String(name), value: Scalar(value: String(value), position: Position(line: index + 1, column: column)),
                            namePosition: Position(line: index + 1, column: nameColumn), exported: true))
                }
            }
            depth += body.filter { $0 == "{" }.count - body.filter { $0 == "}" }.count
            if let level = environmentDepth, depth < level { environmentDepth = nil }
            if !body.hasPrefix("#"), let open = line.firstIndex(of: "\""),
                let close = line[line.index(after: open)...].firstIndex(of: "\""), line[open..<close].contains("goose")
            {
                let inner = line[line.index(after: open)..<close]
                let pad = String(repeating: " ", count: line.distance(from: line.startIndex, to: inner.startIndex))
                layer.addCommandLines(ShellScript(pad + inner, firstLine: index + 1))
            }
        }
        return layer
    }
}
