import GooseAuditCore

/// Default ACLs on goose directories that hand other principals access to every file goose creates later.
struct DefaultACLExposesNewFiles: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "default_acl_exposes_new_files",
        title: "Default ACL hands others access to files goose creates",
        summary:
            "Reports a goose directory whose default POSIX ACL gives a named user, a group or everyone read or write access to the files created in it from now on.",
        rationale: """
            A default ACL is inherited by every file and directory created inside, and it replaces the umask. \
            goose rewrites `config.yaml` through a temporary file and a rename, rotates request logs and \
            creates sessions and caches continually, so tightening today's files does not help: each new \
            `config.yaml`, `secrets.yaml` or `llm_request.0.jsonl` comes out with the inherited grants. The \
            directory's default ACL is the durable control.
            """,
        remediation:
            "Remove the default ACL with `setfacl -k <dir>` (or drop single entries with `setfacl -d -x u:<name> <dir>`), then fix the files already created (`setfacl -R -b`, `chmod 600`).",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: ArtifactKind.gooseDirectories.union([.directory]),
        references: ["CWE-732", "CWE-276"],
        examples: [
            CheckExample(
                "config directory with a default named-user read entry", .fail,
                files: [
                    .directory("", mode: 0o710, acl: ["u:nobody:x"], defaultACL: ["u:nobody:r", "g::-", "o::-"])
                ], expected: [""]),
            CheckExample(
                "default ACL that keeps new files owner-only", .pass,
                files: [
                    .directory("", mode: 0o700, defaultACL: ["u::rwx", "g::-", "o::-"])
                ]),
            CheckExample("no default ACL", .pass, files: [.directory("", mode: 0o700)]),
        ],
        fixable: true)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        guard artifact.metadata.type == .directory, let inheritance = artifact.exposure?.inherited,
            artifact.kind != .directory || artifact.root.role != .path
        else { return [] }
        let access = GrantSelection(inherited: inheritance, rights: [.read, .write])
        let finding = descriptor.exposureFinding(access, at: artifact) {
            "\(artifact.kind.phrase) hands \($0) to every file goose creates in it"
        }
        return [finding].compactMap { $0 }
    }
}
