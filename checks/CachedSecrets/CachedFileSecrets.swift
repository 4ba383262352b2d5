import GooseAuditCore
import SecretEngine
import StructuredText

/// Credentials in a line-oriented cache (request logs, logs, prompt history), read whole in
/// bounded memory whatever its size.
struct CachedFileSecrets: ArtifactCheck {
    let scanner: SecretScanner
    let descriptor: CheckDescriptor
    /// `kept in an LLM request log`
    let container: String
    let lines: StreamScan.Lines

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        StreamScan(scanner: scanner).collect(target, lines: lines)?.findings(descriptor, at: target.artifact, where: container) ?? []
    }
}
