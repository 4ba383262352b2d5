import GooseAuditCore

extension CheckTarget {
    /// The artifact parsed as YAML, JSON or `.env` (by name, or `format`), once per artifact and
    /// shared by every check. A parse error becomes one notice naming the file; callers get nil
    /// and may still scan the text.
    public func document(as format: StructuredDocument.Format? = nil) -> StructuredDocument? {
        let name = artifact.embedding?.formatName ?? artifact.name
        guard let format = format ?? StructuredReader.format(forName: name) ?? Self.defaultFormat(artifact.kind),
            let text = content?.text
        else { return nil }
        let result = memo("document:\(format.rawValue)") { StructuredReader.parse(text, format: format) }
        switch result {
        case .success(let document):
            // The shape is judged once per artifact, not on every check's call.
            _ = memo("document-shape:\(format.rawValue)") { () -> Bool in
                if let root = document.root, !root.isMapping, Self.mappingKinds.contains(artifact.kind), artifact.embedding == nil {
                    let found = root.isSequence ? "a list" : "a single value"
                    reportOnce(
                        "shape",
                        Notice(
                            kind: .notUnderstood, path: artifact.path,
                            message:
                                "looks like a goose \(artifact.kind.rawValue) but is \(found), not a mapping of settings (a TOML or INI body?); goose cannot read it either"
                        ))
                }
                if let root = document.root, !root.isMapping, artifact.kind == .ciWorkflow, artifact.embedding == nil {
                    reportOnce(
                        "shape",
                        Notice(
                            kind: .notUnderstood, path: artifact.path,
                            message: "looks like a CI workflow but is not a mapping of keys; the CI service rejects it"))
                }
                if let root = document.root, root.isMapping, artifact.embedding == nil {
                    for message in SchemaShape.problems(of: artifact, root: root) {
                        reportOnce("shape:" + message, Notice(kind: .notUnderstood, path: artifact.path, message: message))
                    }
                }
                return true
            }
            return document
        case .failure(let error):
            if format == .yaml, Self.mappingKinds.contains(artifact.kind), artifact.embedding == nil, SchemaShape.looksLikeTOML(text) {
                let message =
                    "looks like a goose \(artifact.kind.rawValue) but holds TOML (`[table]` and `key = value` lines), not YAML; goose cannot read it either (\(error.description))"
                reportOnce("parse:\(format.rawValue)", Notice(kind: .notUnderstood, path: artifact.path, message: message))
                return nil
            }
            reportOnce("parse:\(format.rawValue)", Notice(kind: .parseError, path: artifact.path, message: error.description))
            return nil
        }
    }

    /// goose files whose top level is a mapping of settings.
    static let mappingKinds: Set<ArtifactKind> = [
        .config, .systemConfig, .additionalConfig, .configBackup, .recipe, .scheduledRecipe, .secretsFile, .permissionPolicy,
    ]

    private static func defaultFormat(_ kind: ArtifactKind) -> StructuredDocument.Format? {
        switch kind {
        case .config, .systemConfig, .additionalConfig, .configBackup, .secretsFile, .permissionPolicy, .recipe,
            .scheduledRecipe, .ciWorkflow, .auditConfig:
            .yaml
        case .customProvider, .tokenCache, .toolPermissionStore, .schedule, .pluginHooks, .pluginManifest,
            .pluginSettings, .desktopSettings:
            .json
        case .envFile:
            .env
        default:
            nil
        }
    }
}

extension CheckTarget {
    /// The goose settings and command-line extensions a host file gives goose through its environment, as a
    /// config artifact whose parsed form is `settings` (positions are host-file positions; the text is empty
    /// so that text scanners do not see the host file twice).
    public func environmentLayer(_ settings: StructuredDocument, index: Int) -> CheckTarget {
        let embedding = Embedding(
            source: .environment, index: index, firstLine: 1, origin: "environment set in \(artifact.name)",
            formatName: "config.yaml")
        let parsed: Result<StructuredDocument, ParseError> = .success(settings)
        return embedded(kind: .config, text: "", embedding: embedding, memo: ["document:yaml": parsed])
    }
}
