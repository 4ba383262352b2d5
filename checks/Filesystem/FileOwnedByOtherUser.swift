import GooseAuditCore

/// goose files and directories owned by a user other than the owner of the goose location they are in.
struct FileOwnedByOtherUser: ScanCheck {
    let descriptor = CheckDescriptor(
        id: "file_owned_by_other_user",
        title: "goose file owned by another user",
        summary:
            "Reports a file or directory inside a goose location whose owner is neither the user goose runs as (the owner of the home, or the user named with `--goose-user`) nor root.",
        rationale: """
            The owner of a file can change its mode, its ACL and its content at any time, whatever the mode says \
            today; the owner of a directory can replace everything in it. A `config.yaml`, hook or session \
            database owned by another account (left by `sudo -u`, an unpacked archive, or a shared home) gives \
            that account the same control as a world-writable file, and `ls -l` does not make it obvious.
            """,
        remediation:
            "Give the file back to the owner of the goose directory (`chown <you>: <file>`), then review its content for changes you did not make.",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: ArtifactKind.gooseFiles.union(ArtifactKind.gooseDirectories).union([.directory, .otherFile])
            .subtracting([.systemConfig, .additionalConfig]),
        references: ["CWE-283", "CWE-732"],
        examples: [
            CheckExample(
                "config.yaml owned by nobody", .fail,
                files: [
                    .directory("", mode: 0o700), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600, owner: "nobody"),
                ], expected: ["config.yaml"]),
            CheckExample(
                "everything owned by the owner of the config directory", .pass,
                files: [
                    .directory("", mode: 0o700), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600),
                    .directory("recipes", mode: 0o700), .file("recipes/a.yaml", "title: a\n", mode: 0o600),
                ]),
            CheckExample(
                "a project's own files are not a goose location", .pass, role: .path,
                files: [
                    .directory("", mode: 0o755), .file(".goosehints", "be brief\n", mode: 0o644, owner: "nobody"),
                ]),
        ],
        fixable: false)

    /// The directories that stand for a whole goose location; their owner is the expected owner below them.
    static let locationKinds: Set<ArtifactKind> = [
        .configDirectory, .dataDirectory, .stateDirectory, .agentsDirectory, .desktopDirectory,
    ]

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let locations = Dictionary(
            // A location handed to another user is measured against the user goose runs as, not its owner.
            scan.targets(of: Self.locationKinds).map {
                ($0.artifact.path, GooseDirectoryOwnedByOtherUser.runAs($0.artifact, context: scan.context) ?? $0.artifact.metadata.uid)
            },
            uniquingKeysWith: { first, _ in first })
        return scan.targets(of: descriptor.artifactKinds).compactMap { target in
            let artifact = target.artifact
            guard artifact.metadata.type != .symlink, artifact.metadata.uid != 0,
                let expected = Self.expectedOwner(of: artifact, locations: locations), artifact.metadata.uid != expected
            else { return nil }
            let owner = PrincipalNames.user(artifact.metadata.uid)
            let wanted = PrincipalNames.user(expected)
            let what = artifact.metadata.type == .directory ? "directory" : artifact.kind.phrase
            let important = artifact.metadata.type == .directory || ArtifactKind.gooseFiles.contains(artifact.kind)
            return descriptor.finding(
                "\(what) is owned by \(owner), not by \(wanted) who runs goose: \(owner) can rewrite it or change its mode",
                at: artifact, evidence: .fact("owner \(owner), expected \(wanted)"), severity: important ? .high : .medium)
        }
    }

    /// The owner of the innermost goose location directory above `artifact`; for a discovered goose
    /// root, the root's owner. Nil for files outside any goose location (a project's own files).
    static func expectedOwner(of artifact: Artifact, locations: [String: UInt32]) -> UInt32? {
        var directory = artifact.path
        while directory.count > 1 {
            directory = PathText.parent(of: directory)
            if let owner = locations[directory] { return owner }
            if directory == artifact.root.path { break }
        }
        return nil
    }
}
