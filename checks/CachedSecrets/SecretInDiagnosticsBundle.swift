import GooseAuditCore
import SecretEngine
import StructuredText

/// Credentials in the entries of a diagnostics bundle, read in memory with caps.
struct SecretInDiagnosticsBundle: ArtifactCheck {
    let scanner: SecretScanner
    let descriptor = CheckDescriptor(
        id: "secret_in_diagnostics_bundle",
        title: "Credential in a diagnostics bundle",
        summary:
            "Reports credentials in the entries of a goose diagnostics bundle (`diagnostics_*.zip`: session JSON, config.yaml, logs), read in memory with caps on entry count, size and compression ratio.",
        rationale: """
            A diagnostics bundle packs the session, the configuration and the logs into one file meant to be attached \
            to an issue or sent to support. Any credential in them travels with it, to places that keep it forever.
            """,
        remediation:
            "\(CachedSecretText.rotate) Then delete the bundle and every copy attached to issues, tickets or chats, and review bundles before sharing them.",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.diagnosticsBundle],
        references: CachedSecretText.references,
        examples: [
            CheckExample(
                "session entry with a token", .fail, role: .desktop,
                files: [
                    .directory("", mode: 0o700),
                    .file(
                        "diagnostics_20260101_1.zip",
                        ZipExample.stored(name: "session.json", text: "{\"messages\":[{\"text\":\"\(CachedSecretText.token)\"}]}")),
                ], expected: ["diagnostics_20260101_1.zip#session.json.messages[0].text"]),
            CheckExample(
                "bundle without credentials", .pass, role: .desktop,
                files: [
                    .directory("", mode: 0o700),
                    .file("diagnostics_20260101_1.zip", ZipExample.stored(name: "system.txt", text: "goose 1.30.0 linux x86_64")),
                ]),
        ])
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
