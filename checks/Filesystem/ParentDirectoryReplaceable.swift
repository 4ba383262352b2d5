import GooseAuditCore

/// A directory on the path to goose files that other users can write without the sticky bit,
/// reported once per directory.
struct ParentDirectoryReplaceable: Check {
    let descriptor = CheckDescriptor(
        id: "parent_directory_replaceable",
        title: "Directory above goose files writable by other users",
        summary: "Reports, once per directory, a directory on the path to goose files that another user can write and enter without the sticky bit, so they can rename or replace anything below it.",
        rationale: """
            Tight modes on `config.yaml` or `secrets.yaml` do not help when another user can write a directory \
            above them: they rename the goose directory away and put their own in its place, with a config that \
            runs their extension and a secrets file they chose. goose follows whatever it finds at the path. The \
            sticky bit (as on `/tmp`) stops renaming other users' entries, so sticky directories are not reported \
            here; goose's own directories are reported by goose_directory_exposed.
            """,
        remediation: "Remove write access for others from the directory (`chmod go-w <dir>`, `setfacl -x` for write entries), or move the goose files out of it.",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: ArtifactKind.gooseFiles.union(ArtifactKind.gooseDirectories),
        references: ["CWE-732", "CWE-379"],
        examples: [
            CheckExample("recipes directory writable by everyone", .fail, files: [
                .directory("", mode: 0o755), .directory("recipes", mode: 0o777),
                .file("recipes/a.yaml", "title: a\n", mode: 0o600), .file("recipes/b.yaml", "title: b\n", mode: 0o600),
            ], expected: ["recipes"]),
            CheckExample("sticky world-writable directory", .pass, files: [
                .directory("", mode: 0o755), .directory("recipes", mode: 0o1777),
                .file("recipes/a.yaml", "title: a\n", mode: 0o600),
            ]),
        ],
        fixable: true)

    /// Kinds whose replacement is worst: layers merged for every user, and the plaintext secrets.
    static let criticalKinds: Set<ArtifactKind> = [.systemConfig, .additionalConfig, .secretsFile]

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let byPath = Dictionary(scan.targets.map { ($0.artifact.path, $0.artifact) }, uniquingKeysWith: { first, _ in first })
        let covered = Set(scan.targets(of: ArtifactKind.gooseDirectories).map(\.artifact.path))
        var affected: [String: [Artifact]] = [:]
        var writes: [String: [AccessGrant]] = [:]
        for target in scan.targets(of: descriptor.artifactKinds) {
            for write in target.artifact.exposure?.replaceableVia ?? [] where !covered.contains(write.directory) {
                affected[write.directory, default: []].append(target.artifact)
                if !(writes[write.directory] ?? []).contains(write.grant) { writes[write.directory, default: []].append(write.grant) }
            }
        }
        return affected.keys.sorted().compactMap { directory in
            guard let files = affected[directory], let first = files.first, let grants = writes[directory] else { return nil }
            // Report at the directory itself when the scan saw it, else at the root of the first file under it.
            let anchor = byPath[directory] ?? byPath[first.root.path] ?? first
            let shown = PathText.display(directory, root: first.root.path)
            let names = files.prefix(3).map(\.displayPath).map { $0.isEmpty ? first.root.label : $0 }
            let more = files.count > 3 ? " and \(files.count - 3) more" : ""
            let critical = files.contains { Self.criticalKinds.contains($0.kind) }
            return descriptor.finding(
                "directory \(shown) is writable by \(GrantSelection.who(grants)) without the sticky bit: they can replace \(names.joined(separator: ", "))\(more)",
                at: anchor, evidence: .fact("\(shown): \(GrantSelection.why(grants))"), severity: critical ? .critical : .high)
        }
    }
}
