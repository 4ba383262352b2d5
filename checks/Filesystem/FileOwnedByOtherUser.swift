import GooseAuditCore

/// goose files and directories owned by a user other than the owner of the goose location they are in.
struct FileOwnedByOtherUser: Check {
    let descriptor = CheckDescriptor(
        id: "file_owned_by_other_user",
        title: "goose file owned by another user",
        summary: "Reports a file or directory inside a goose location whose owner is neither the owner of that location nor root.",
        rationale: """
            The owner of a file can change its mode, its ACL and its content at any time, whatever the mode says \
            today; the owner of a directory can replace everything in it. A `config.yaml`, hook or session \
            database owned by another account (left by `sudo -u`, an unpacked archive, or a shared home) gives \
            that account the same control as a world-writable file, and `ls -l` does not make it obvious.
            """,
        remediation: "Give the file back to the owner of the goose directory (`chown <you>: <file>`), then review its content for changes you did not make.",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: ArtifactKind.gooseFiles.union(ArtifactKind.gooseDirectories).union([.directory, .otherFile])
            .subtracting([.systemConfig, .additionalConfig]),
        references: ["CWE-283", "CWE-732"],
        examples: [
            CheckExample("config.yaml owned by nobody", .fail, files: [
                .directory("", mode: 0o700), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600, owner: "nobody"),
            ], expected: ["config.yaml"]),
            CheckExample("everything owned by the owner of the config directory", .pass, files: [
                .directory("", mode: 0o700), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600),
                .directory("recipes", mode: 0o700), .file("recipes/a.yaml", "title: a\n", mode: 0o600),
            ]),
        ],
        fixable: true)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        guard !artifact.relativePath.isEmpty, !artifact.root.isFile, artifact.metadata.uid != 0,
            artifact.root.role != .path || !Set([ArtifactKind.directory, .otherFile]).contains(artifact.kind),
            case .success(let root) = FileMetadata.lstat(artifact.root.path), artifact.metadata.uid != root.uid
        else { return [] }
        let owner = PrincipalNames.user(artifact.metadata.uid)
        let expected = PrincipalNames.user(root.uid)
        let what = artifact.metadata.type == .directory ? "directory" : artifact.kind.phrase
        let important = artifact.metadata.type == .directory || ArtifactKind.gooseFiles.contains(artifact.kind)
        return [descriptor.finding(
            "\(what) is owned by \(owner), not by \(expected) who owns the goose location: \(owner) can rewrite it or change its mode",
            at: artifact, evidence: .fact("owner \(owner), expected \(expected)"), severity: important ? .high : .medium)]
    }
}
