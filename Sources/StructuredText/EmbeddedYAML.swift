import GooseAuditCore

extension EmbeddedExtractor {
    /// goose files inside YAML and JSON manifests: Kubernetes ConfigMap and Secret entries, compose
    /// `configs.*.content`, and scripts in any value (compose `command`, devcontainer `postCreateCommand`,
    /// CI `run:`/`script:`) that write goose files with here-documents or `echo`.
    public static func fromStructured(_ document: StructuredDocument, lines: [Substring]) -> [EmbeddedDocument] {
        var out: [EmbeddedDocument] = []
        for root in document.documents {
            let composeTargets = composeConfigTargets(root)
            let manifestKind = root["kind"]?.string
            for leaf in root.leaves() {
                let value = leaf.scalar.value
                let keys = leaf.keyPath.keys
                if let named = namedFile(keys: keys, manifestKind: manifestKind, composeTargets: composeTargets),
                    let kind = EmbeddedTarget.kind(path: named, text: value)
                {
                    out.append(
                        Self.embedded(kind: kind, target: named, text: value, scalar: leaf.scalar, lines: lines, construct: .yamlValue))
                    continue
                }
                guard value.contains("\n") || value.contains("<<") || value.contains(">") else { continue }
                let (start, single) = bodyStart(of: value, scalar: leaf.scalar, lines: lines)
                for var found in fromShell(value, firstLine: start) {
                    if single { found.firstLine = leaf.scalar.position.line; found.singleLine = true }
                    out.append(found)
                }
            }
        }
        return out
    }

    /// The file name a manifest entry is mounted as: `data.config.yaml` of a ConfigMap or Secret, or a compose
    /// config's `content` with the `target` a service mounts it at.
    static func namedFile(keys: [String], manifestKind: String?, composeTargets: [String: String]) -> String? {
        if let kind = manifestKind, kind == "ConfigMap" || kind == "Secret", keys.count == 2,
            ["data", "stringData"].contains(keys[0])
        {
            return keys[1]
        }
        if keys.count == 3, keys[0] == "configs", keys[2] == "content" {
            return composeTargets[keys[1]] ?? keys[1]
        }
        return nil
    }

    /// compose `services.*.configs[]` entries: config name to the path it is mounted at.
    static func composeConfigTargets(_ root: Node) -> [String: String] {
        var targets: [String: String] = [:]
        for service in root["services"]?.pairs ?? [] {
            for entry in service.value["configs"]?.items ?? [] {
                if let source = entry["source"]?.string, let target = entry["target"]?.string { targets[source] = target }
            }
        }
        return targets
    }

    static func embedded(
        kind: ArtifactKind, target: String, text: String, scalar: Scalar, lines: [Substring], construct: EmbeddedDocument.Construct
    ) -> EmbeddedDocument {
        let (start, single) = bodyStart(of: text, scalar: scalar, lines: lines)
        return EmbeddedDocument(
            kind: kind, target: target, text: text.hasSuffix("\n") ? text : text + "\n", firstLine: start,
            singleLine: single, construct: construct)
    }

    /// The host line of a scalar's first text line. A block scalar (`|`) starts below its key; a quoted or
    /// JSON string with `\n` escapes stands on one line.
    static func bodyStart(of value: String, scalar: Scalar, lines: [Substring]) -> (line: Int, singleLine: Bool) {
        let valueLines = TextLines.split(value)
        guard let firstText = valueLines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return (scalar.position.line, true)
        }
        let wanted = valueLines[firstText].trimmedBlanks
        let from = max(scalar.position.line - 1, 0)
        for index in from..<min(lines.count, from + 3) {
            let hostText = lines[index].trimmedBlanks
            if hostText == wanted, index > scalar.position.line - 1 || valueLines.count == 1 {
                return (index + 1 - firstText, false)
            }
        }
        return (scalar.position.line, valueLines.count > 1)
    }
}

extension Substring {
    /// Without leading and trailing blanks and tabs.
    var trimmedBlanks: Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return self[first...last]
    }
}
