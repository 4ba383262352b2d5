import GooseAuditCore
import SecretEngine

/// Credentials in goose's session store: the rows of `sessions.db` (read-only, through SQLite),
/// the raw bytes of the database, its WAL and shared memory (what deleted rows leave behind),
/// and the legacy `sessions/*.jsonl` files.
struct SessionSecrets: ArtifactCheck, ScanCheck {
    let scanner: SecretScanner
    let descriptor = CachedSecretDescriptors.session
    let ruleDescriptors = [CachedSecretDescriptors.session, CachedSecretDescriptors.deleted]

    /// Legacy session files, one by one (in parallel with other artifacts).
    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard target.artifact.kind == .legacySession else { return [] }
        let collector = StreamScan(scanner: scanner).collect(target, lines: .json)
        return collector?.findings(descriptor, at: target.artifact, where: "kept in a legacy session file") ?? []
    }

    /// The session databases and their sidecars, together: the raw pass needs the live rows.
    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let disabled = scan.context.options.disabledChecks
        var findings: [Finding] = []
        // Digests of the credentials in live rows, by database path (absent: no readable database).
        var live: [String: Set<String>] = [:]
        for target in scan.targets(of: [.sessionDatabase]) {
            guard let collector = rows(of: target) else { continue }
            live[target.artifact.path] = collector.digests
            if !disabled.contains(descriptor.id) {
                findings += collector.findings(descriptor, at: target.artifact, where: "kept in the session database")
            }
        }
        guard !disabled.contains(CachedSecretDescriptors.deleted.id) else { return findings }
        for target in scan.targets(of: [.sessionDatabase, .sessionDatabaseSidecar]) {
            let path = target.artifact.path
            let database = target.artifact.kind == .sessionDatabase ? path : Self.databasePath(ofSidecar: path)
            findings += leftovers(in: target, live: live[database])
        }
        return findings
    }

    /// `…/sessions.db-wal` → `…/sessions.db`.
    static func databasePath(ofSidecar path: String) -> String {
        for suffix in ["-wal", "-shm", "-journal"] where path.hasSuffix(suffix) { return String(path.dropLast(suffix.count)) }
        return path
    }

    /// The credentials in live rows, or nil (with a notice) when the database cannot be read.
    private func rows(of target: CheckTarget) -> LeakCollector? {
        var collector = LeakCollector(scanner: scanner)
        let path = target.artifact.path
        let skipped = (unreadable: "only its raw bytes were searched", replaced: "rows not reported")
        let chunked = SessionFiles.read(target, skipped: skipped) { database in
            try database.forEachCell(
                { cell in
                    let matches = scanner.scan(cell.bytes).matches
                    guard !matches.isEmpty else { return }
                    if let window = cell.window {
                        // A cell too large to read whole: no key path inside it, a byte offset instead.
                        for match in matches where window.owned.contains(window.start + match.range.lowerBound) {
                            let offset = window.start + match.range.lowerBound
                            let detail = cell.detail + ", at byte offset \(offset) of a \(window.cellSize)-byte cell searched in chunks"
                            collector.add(match, at: Place(keyPath: cell.keyPath, detail: detail, since: cell.since))
                        }
                        return
                    }
                    let document = JSONLocator.document(cell.bytes)
                    for match in matches {
                        let keyPath = JSONLocator.join(cell.keyPath, JSONLocator.keyPath(of: match.secret, in: document))
                        collector.add(match, at: Place(keyPath: keyPath, detail: cell.detail, since: cell.since))
                    }
                },
                missing: { message in
                    target.reportOnce("schema:\(message)", Notice(kind: .other, path: path, message: message))
                })
        }
        guard let chunked else { return nil }
        if chunked > 0 {
            let cap = SessionDatabase.cellCap >> 20
            target.report(
                Notice(
                    kind: .other, path: path,
                    message:
                        "\(chunked) cell(s) larger than \(cap) MiB were searched in chunks (findings name a byte offset, not a key path)"))
        }
        return collector
    }

    /// Credentials in the raw bytes that no live row holds; with `live` nil (no database could be
    /// read), every credential in the raw bytes, said to be possibly live.
    private func leftovers(in target: CheckTarget, live: Set<String>?) -> [Finding] {
        var collector = LeakCollector(scanner: scanner)
        let artifact = target.artifact
        let place = artifact.kind == .sessionDatabase ? "in free pages of the session database" : "in \(artifact.name)"
        let cap = target.context.options.maxCacheBytes
        do {
            let read = try BlockReader.forEachBlock(path: artifact.path, expected: artifact.metadata, lines: false, maxBytes: cap) {
                block in
                for match in scanner.scan(block.bytes).matches where live?.contains(Digest.sha256Hex(match.secret)) != true {
                    let offset = block.offset + match.range.lowerBound
                    collector.add(match, at: Place(detail: "at byte offset \(offset)"))
                }
            }
            if read.cutShort { target.report(BlockReader.cutShortNotice(artifact.path, cap: cap)) }
        } catch {
            target.report(Notice(kind: .unreadable, path: artifact.path, message: error.message))
            return []
        }
        let container =
            live == nil
            ? "found in the raw bytes of \(artifact.name) (no session database could be read to tell a live row from a deleted one)"
            : "survives \(place) after its row was deleted (no live row holds it)"
        return collector.findings(CachedSecretDescriptors.deleted, at: artifact, where: container)
    }
}
