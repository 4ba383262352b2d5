import GooseAuditCore

/// Stale copies goose no longer needs: config backups and the temporary config, the legacy Databricks
/// OAuth cache, and legacy session files left beside the session database they were imported into.
struct LegacyArtifactPresent: ScanCheck {
    let descriptor = CheckDescriptor(
        id: "legacy_artifact_present",
        title: "Stale goose copy left on disk",
        summary:
            "Reports config backups (`config.yaml.bak*`, `config.tmp`), the legacy Databricks OAuth cache and legacy session `.jsonl` files that sit beside an imported `sessions.db`.",
        rationale: """
            Older goose builds rotated `config.yaml` into `config.yaml.bak` … `.bak.5` and wrote through \
            `config.tmp`; they kept Databricks OAuth tokens under `databricks/oauth/`; and goose ≥ 1.10 imports \
            `sessions/*.jsonl` into `sessions.db` but leaves the files on disk. Each is a copy of configuration, \
            tokens or whole conversations that nobody looks at any more, outside the protections later goose \
            versions apply to the live files, and a place a rotated-away secret keeps living.
            """,
        remediation: "Check the copy for credentials (rotate any you find), then delete it; goose does not read it any more.",
        severity: .info,
        category: .filesystem,
        kind: .hygiene,
        artifactKinds: [.configBackup, .oauthCache, .legacySession],
        references: ["CWE-459", "CWE-530", "https://github.com/block/goose/pull/951"],
        examples: [
            CheckExample(
                "a rotated config backup", .fail,
                files: [
                    .directory("", mode: 0o700), .file("config.yaml", "GOOSE_MODE: approve\n"),
                    .file("config.yaml.bak.2", "GOOSE_MODE: auto\n"),
                ], expected: ["config.yaml.bak.2"]),
            CheckExample(
                "a legacy session next to the imported database", .fail, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700), .file("sessions/sessions.db", ""),
                    .file("sessions/20240101_1.jsonl", "{\"description\": \"old\"}\n"),
                ], expected: ["sessions/20240101_1.jsonl"]),
            CheckExample(
                "legacy sessions that were never imported are still goose's only copy", .pass, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file("sessions/20240101_1.jsonl", "{\"description\": \"old\"}\n"),
                ]),
            CheckExample(
                "only the live config", .pass, files: [.directory("", mode: 0o700), .file("config.yaml", "GOOSE_MODE: approve\n")]),
        ])

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        // Directories that hold an imported session database: their .jsonl files are stale copies.
        let imported = Set(scan.targets(of: [.sessionDatabase]).map { Self.parent($0.artifact.path) })
        return scan.targets(of: descriptor.artifactKinds).compactMap { target in
            let artifact = target.artifact
            guard artifact.metadata.type == .regular else { return nil }
            let what: String
            switch artifact.kind {
            case .configBackup: what = "config backup or temporary copy"
            case .oauthCache: what = "legacy Databricks OAuth token cache"
            case .legacySession:
                guard imported.contains(Self.parent(artifact.path)) else { return nil }
                what = "legacy session file already imported into sessions.db"
            default: return nil
            }
            return descriptor.finding(
                "\(what) left on disk", at: artifact,
                evidence: .fact(artifact.kind.rawValue))
        }
    }

    static func parent(_ path: String) -> String {
        String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    }
}
