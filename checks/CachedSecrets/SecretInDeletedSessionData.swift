import GooseAuditCore
import SecretEngine

/// Credentials that survive in the raw bytes of the session store after their row was deleted: the
/// second rule of `SessionSecrets`, which reads the live rows first.
extension SessionSecrets {
    static let deleted = CheckDescriptor(
        id: "secret_in_deleted_session_data",
        title: "Credential surviving in deleted session data",
        summary:
            "Reports credentials in the raw bytes of `sessions.db`, its write-ahead log (`-wal`) or shared memory (`-shm`) that no live row holds: data of a removed session or message that survives in free pages or old WAL frames.",
        rationale: """
            Removing a session does not erase it: SQLite marks the pages free and the WAL keeps older frames until a \
            checkpoint overwrites them. A credential that was "deleted" with `goose session remove` is still on disk, \
            in every backup of the database, and readable by anyone who can read the file.
            """,
        remediation:
            "\(CachedSecretText.rotate) Then, with goose stopped, rewrite the database: `sqlite3 sessions.db 'PRAGMA wal_checkpoint(TRUNCATE); VACUUM;'` (or turn on `PRAGMA secure_delete`), and purge backups that hold older copies.",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.sessionDatabase, .sessionDatabaseSidecar],
        references: ["CWE-226", "CWE-312", "https://www.sqlite.org/wal.html"],
        examples: [
            CheckExample(
                "token left in the write-ahead log", .fail, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file("sessions/sessions.db-wal", "WAL frame [{\"type\":\"text\",\"text\":\"token \(CachedSecretText.token)\"}]\n"),
                ], expected: ["sessions/sessions.db-wal"]),
            CheckExample(
                "write-ahead log without credentials", .pass, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file("sessions/sessions.db-wal", "WAL frame [{\"type\":\"text\",\"text\":\"hello\"}]\n"),
                ]),
        ])

    /// Credentials in the raw bytes that no live row holds; with `live` nil (no database could be
    /// read), every credential in the raw bytes, said to be possibly live.
    func leftovers(in target: CheckTarget, live: Set<String>?) -> [Finding] {
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
        return collector.findings(Self.deleted, at: artifact, where: container)
    }
}
