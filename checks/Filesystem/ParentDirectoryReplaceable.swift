import GooseAuditCore

/// A directory on the path to goose files that other users can write without the sticky bit,
/// reported once per directory.
struct ParentDirectoryReplaceable: ScanCheck {
    let descriptor = CheckDescriptor(
        id: "parent_directory_replaceable",
        title: "Directory above goose files writable by other users",
        summary:
            "Reports, once per directory, a directory on the path to goose files that another user can write and enter without the sticky bit, so they can rename or replace anything below it.",
        rationale: """
            Tight modes on `config.yaml` or `secrets.yaml` do not help when another user can write a directory \
            above them: they rename the goose directory away and put their own in its place, with a config that \
            runs their extension and a secrets file they chose. goose follows whatever it finds at the path. The \
            sticky bit (as on `/tmp`) stops renaming other users' entries, so sticky directories are not reported \
            here; goose's own directories are reported by goose_directory_exposed. A directory that an \
            ancestor's missing search bit closes off for now is reported at reduced severity.
            """,
        remediation:
            "Remove write access for others from the directory (`chmod go-w <dir>`, `setfacl -x` for write entries), or move the goose files out of it.",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: ArtifactKind.gooseFiles.union(ArtifactKind.gooseDirectories),
        references: ["CWE-732", "CWE-379"],
        examples: [
            CheckExample(
                "recipes directory writable by everyone", .fail,
                files: [
                    .directory("", mode: 0o755), .directory("recipes", mode: 0o777),
                    .file("recipes/a.yaml", "title: a\n", mode: 0o600), .file("recipes/b.yaml", "title: b\n", mode: 0o600),
                ], expected: ["recipes"]),
            CheckExample(
                "sticky world-writable directory", .pass,
                files: [
                    .directory("", mode: 0o755), .directory("recipes", mode: 0o1777),
                    .file("recipes/a.yaml", "title: a\n", mode: 0o600),
                ]),
        ],
        fixable: true)

    /// Kinds whose replacement is worst: layers merged for every user, and the plaintext secrets.
    static let criticalKinds: Set<ArtifactKind> = [.systemConfig, .additionalConfig, .secretsFile]

    /// Everything known about one directory: the goose artifacts below it and who can write it.
    struct Directory {
        var affected: [Artifact] = []
        var live: [AccessGrant] = []
        var latent: [AccessGrant] = []
        var blocker: String?

        mutating func add(_ write: Exposure.DirectoryWrite, live isLive: Bool) {
            if isLive {
                if !live.contains(write.grant) { live.append(write.grant) }
            } else {
                if !latent.contains(write.grant) { latent.append(write.grant) }
                blocker = blocker ?? write.protectedBy
            }
        }
    }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let byPath = Dictionary(scan.targets.map { ($0.artifact.path, $0.artifact) }, uniquingKeysWith: { first, _ in first })
        let covered = Set(scan.targets(of: ArtifactKind.gooseDirectories).map(\.artifact.path))
        var directories: [String: Directory] = [:]
        for target in scan.targets(of: descriptor.artifactKinds) {
            guard let exposure = target.artifact.exposure else { continue }
            let writes = exposure.replaceableVia.map { ($0, true) } + exposure.latentReplaceableVia.map { ($0, false) }
            var seen = Set<String>()
            for (write, live) in writes where !covered.contains(write.directory) {
                if seen.insert(write.directory).inserted {
                    directories[write.directory, default: Directory()].affected.append(target.artifact)
                }
                directories[write.directory, default: Directory()].add(write, live: live)
            }
        }
        return directories.keys.sorted().compactMap { path in
            guard let directory = directories[path], let first = directory.affected.first else { return nil }
            // Report at the directory itself when the scan saw it, else at the root of the first file under it.
            let anchor = byPath[path] ?? byPath[first.root.path] ?? first
            let shown = PathText.display(path, root: first.root.path)
            let names = directory.affected.prefix(3).map { $0.displayPath.isEmpty ? $0.root.label : $0.displayPath }
            let more = directory.affected.count > 3 ? " and \(directory.affected.count - 3) more" : ""
            let critical = directory.affected.contains { Self.criticalKinds.contains($0.kind) }
            let grants = directory.live.isEmpty ? directory.latent : directory.live
            var message =
                "directory \(shown) is writable by \(GrantSelection.who(grants)) without the sticky bit: they can replace \(names.joined(separator: ", "))\(more)"
            var evidence = "\(shown): \(GrantSelection.why(grants))"
            var severity: Severity = critical ? .critical : .high
            if directory.live.isEmpty, let blocker = directory.blocker {
                let name = PathText.name(blocker, in: first.root)
                message += ", but \(name) keeps them out for now"
                evidence += "; protected by \(name)"
                severity = severity.latent
            }
            return descriptor.finding(message, at: anchor, evidence: .fact(evidence), severity: severity)
        }
    }
}
