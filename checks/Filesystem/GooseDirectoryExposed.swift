import GooseAuditCore

/// goose's config, data, state, sessions, logs, agents and desktop directories open to other users.
struct GooseDirectoryExposed: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "goose_directory_exposed",
        title: "goose directory open to other users",
        summary:
            "Reports goose's config, data, state, sessions, logs, agents and desktop directories that a user other than the owner can list, enter or write.",
        rationale: """
            goose creates these directories with the umask (0755 by default) and re-creates files in them the \
            same way; it replaces `config.yaml` through `config.tmp` and a rename, so a `chmod` on a file is lost \
            at the next write and the directory is the durable control. Others who can enter the directory read \
            every file goose left with a default mode: conversations, request logs, caches. Others who can write \
            it can plant or replace files, even with the sticky bit set (a pre-created `config.tmp` they own \
            becomes your `config.yaml`).
            """,
        remediation:
            "Run `chmod 700` on the directory and remove extra ACL entries (`setfacl -b`); newer goose does this for the sessions directory itself.",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: ArtifactKind.gooseDirectories,
        references: ["CWE-732", "CWE-276", "https://github.com/block/goose/pull/11613"],
        examples: [
            CheckExample(
                "config directory left at the default 0755", .fail,
                files: [
                    .directory("", mode: 0o755), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600),
                ], expected: [""]),
            CheckExample(
                "world-writable sessions directory", .fail, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o777),
                ], expected: ["sessions"]),
            CheckExample(
                "owner-only directories", .pass, role: .data,
                files: [
                    .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
                    .file("sessions/sessions.db", "SQLite format 3", mode: 0o600),
                ]),
        ],
        fixable: true)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        guard artifact.metadata.type == .directory, let exposure = artifact.exposure else { return [] }
        let access = GrantSelection(exposure, rights: [.read, .write, .execute])
        let writes = access.shown.contains { $0.permission.contains(.write) }
        let subject = artifact.kind.phrase
        return [descriptor.exposureFinding(subject, access, at: artifact, severity: writes ? .high : .medium)].compactMap { $0 }
    }
}
