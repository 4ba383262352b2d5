import GooseAuditCore
import SecretEngine

/// Credentials in goose's session store: the rows of `sessions.db` (read-only, through SQLite),
/// the raw bytes of the database, its WAL and shared memory (what deleted rows leave behind),
/// and the legacy `sessions/*.jsonl` files. The raw pass and its rule, `secret_in_deleted_session_data`,
/// are in SecretInDeletedSessionData.swift.
struct SessionSecrets: ArtifactCheck, ScanCheck {
    let scanner: SecretScanner
    let descriptor = Self.session
    let ruleDescriptors = [Self.session, Self.deleted]

    static let session = CheckDescriptor(
        id: "secret_in_session",
        title: "Credential kept in goose's session history",
        summary:
            "Reports credentials in goose's session store: every text column of `sessions.db` (message content, recipe JSON, recipe parameter values, extension data, session names and descriptions), read without changing a byte of it, and the legacy `sessions/*.jsonl` files goose leaves on disk after importing them.",
        rationale: CachedSecretText.rationale,
        remediation:
            "\(CachedSecretText.rotate) Then delete the sessions that hold it (`goose session list`, `goose session remove --id <id>`), delete the legacy `sessions/*.jsonl` files, and run sensitive automation with `--no-session`.",
        severity: .high, category: .cachedSecrets, kind: .credential, artifactKinds: [.sessionDatabase, .legacySession],
        references: CachedSecretText.references,
        examples: [
            CheckExample(
                "token pasted into a legacy session", .fail, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file(
                        "sessions/20250101_1.jsonl",
                        """
                        {"working_dir":"/home/dev","description":"deploy"}
                        {"role":"user","created":1735725600,"content":[{"type":"text","text":"use GITHUB_TOKEN=\(CachedSecretText.token)"}]}

                        """),
                ], expected: ["sessions/20250101_1.jsonl:2#content[0].text"]),
            CheckExample(
                "conversation without credentials", .pass, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file(
                        "sessions/20250101_1.jsonl",
                        "{\"working_dir\":\"/home/dev\"}\n{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"use the keyring\"}]}\n"
                    ),
                ]),
        ])

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
        guard !disabled.contains(Self.deleted.id) else { return findings }
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
}
