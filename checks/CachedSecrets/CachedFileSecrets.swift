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

/// Credentials in the `readable_context` of remembered tool approvals (`tool_permissions.json`).
struct ToolApprovalSecrets: ArtifactCheck {
    let scanner: SecretScanner
    let descriptor = CachedSecretDescriptors.toolApprovals

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let document = target.document() else { return [] }
        var collector = LeakCollector(scanner: scanner)
        for leaf in document.leaves where leaf.keyPath.keys.last == "readable_context" {
            for match in scanner.scan(Array(leaf.scalar.value.utf8)).matches {
                let place = Place(line: leaf.scalar.position.line, keyPath: leaf.keyPath.description)
                collector.add(match, at: place)
            }
        }
        return collector.findings(descriptor, at: target.artifact, where: "kept in a remembered tool approval")
    }
}

/// Credentials in the entries of a diagnostics bundle, read in memory with caps.
struct DiagnosticsBundleSecrets: ArtifactCheck {
    let scanner: SecretScanner
    let descriptor = CachedSecretDescriptors.diagnostics
    /// Bundles larger than this are not read.
    static let maxArchiveBytes = 128 << 20

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let path = target.artifact.path
        let notice = { (message: String) in target.report(Notice(kind: .other, path: path, message: message)) }
        var collector = LeakCollector(scanner: scanner)
        do {
            guard let bytes = try BlockReader.readAll(path: path, expected: target.artifact.metadata, limit: Self.maxArchiveBytes) else {
                notice("is larger than \(Self.maxArchiveBytes) bytes; not searched")
                return []
            }
            let archive = try ZipArchive(bytes)
            try archive.forEachEntry(
                { entry, data in
                    let matches = scanner.scan(data).matches
                    guard !matches.isEmpty else { return }
                    // A JSON entry (session.json) is parsed once; a JSON Lines entry line by line.
                    let whole = JSONLocator.document(data)
                    for match in matches {
                        let document = whole ?? JSONLocator.document(StreamScan.lineBytes(around: match.range, in: data))
                        let place = Place(
                            keyPath: JSONLocator.join(entry.name, JSONLocator.keyPath(of: match.secret, in: document)),
                            detail: "in entry \(entry.name) line \(match.line)")
                        collector.add(match, at: place)
                    }
                }, skipped: { notice($0.message) })
        } catch let failure as BlockReader.Failure {
            target.report(Notice(kind: .unreadable, path: path, message: failure.message))
        } catch let failure as ZipArchive.Failure {
            notice(failure.message)
        }
        return collector.findings(descriptor, at: target.artifact, where: "packed in a diagnostics bundle")
    }
}
