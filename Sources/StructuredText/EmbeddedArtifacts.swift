import GooseAuditCore

/// The pipeline's expander for goose configuration inside other files: text written by here-documents,
/// `echo`, Nix text blocks and manifest values (inspected as the config, recipe, secrets file, hints or
/// `.env` it becomes), and the environment layer of shell startup files, `.env` files, units, Dockerfiles,
/// compose files, Kubernetes manifests, devcontainers and Nix modules (a config of the goose settings
/// they set and the extensions their goose command lines add).
public struct EmbeddedArtifacts: ArtifactExpander {
    public init() {}

    public func expand(_ target: CheckTarget) -> [CheckTarget] {
        let artifact = target.artifact
        let kind = artifact.kind
        guard artifact.embedding == nil, artifact.metadata.type == .regular,
            kind.isGooseHost || kind == .envFile || kind == .ciWorkflow,
            let text = target.content?.text
        else { return [] }
        let structured = [.composeFile, .kubernetesManifest, .devcontainer, .ciWorkflow].contains(kind) ? target.document() : nil
        let documents: [EmbeddedDocument]
        switch kind {
        case .shellProfile, .containerFile: documents = EmbeddedExtractor.fromShell(text)
        case .nixModule: documents = EmbeddedExtractor.fromNix(text)
        case .composeFile, .kubernetesManifest, .devcontainer, .ciWorkflow:
            documents = structured.map { EmbeddedExtractor.fromStructured($0, lines: TextLines.split(text)) } ?? []
        default: documents = []
        }
        var out: [CheckTarget] = []
        for (index, document) in documents.enumerated() where EmbeddedTarget.inspectedKinds.contains(document.kind) {
            let embedding = Embedding(
                source: .embeddedText, index: index, firstLine: document.firstLine, singleLine: document.singleLine,
                origin: document.origin, formatName: Self.formatName(document), expandsAtRunTime: document.expandsAtRunTime)
            out.append(target.embedded(kind: document.kind, text: document.text, embedding: embedding))
        }
        // CI files give goose its environment per job; the workflow checks judge that with the job's trigger.
        guard kind != .ciWorkflow else { return out }
        let layer = EnvironmentLayer.of(kind: kind, name: artifact.name, text: text, document: structured)
        if let settings = layer.gooseSettings() { out.append(target.environmentLayer(settings, index: documents.count)) }
        return out
    }

    /// A file name that tells the reader the text's format.
    static func formatName(_ document: EmbeddedDocument) -> String {
        let targetName = document.target.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        switch document.kind {
        case .recipe: return targetName?.lowercased().hasSuffix(".json") == true ? "recipe.json" : "recipe.yaml"
        case .hints: return ".goosehints"
        case .envFile: return ".env"
        case .secretsFile: return "secrets.yaml"
        case .permissionPolicy: return "permission.yaml"
        default: return "config.yaml"
        }
    }
}
