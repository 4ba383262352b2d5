import Foundation
import GooseAuditCore

/// goose's config, data or state directory owned by someone other than the user goose runs as.
struct GooseDirectoryOwnedByOtherUser: ScanCheck {
    let descriptor = CheckDescriptor(
        id: "goose_directory_owned_by_other_user",
        title: "goose directory owned by another user",
        summary:
            "Reports goose's config, data or state directory (or `~/.agents`, the desktop folder) when it is owned by a user other than the one goose runs as (the owner of the home, or the user named with `--goose-user`), naming the files it puts in that user's hands.",
        rationale: """
            The owner of a directory can rename, replace and re-permission every entry in it, whatever the \
            entries' own modes and owners say. When `~/.config/goose` belongs to another account (a `sudo -u` \
            install, a copied home, a shared machine), that account can swap `config.yaml` or `permission.yaml` \
            for its own policy, or read and replace `secrets.yaml`, and goose trusts the result. Comparing each \
            file with its directory misses this: everything inside agrees with the directory that was handed over.
            """,
        remediation:
            "Give the directory back to the user goose runs as (`sudo chown -R <you>: <directory>`; `goose-audit fix --apply` as root does this for the directory), then review its files for changes you did not make.",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: Self.locationKinds,
        references: ["CWE-283", "CWE-732"],
        examples: [
            CheckExample(
                "config directory holding config.yaml owned by nobody", .fail,
                files: [
                    .directory("", mode: 0o700, owner: "nobody"), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600),
                ], expected: [""]),
            CheckExample(
                "data directory with sessions owned by nobody", .fail, role: .data,
                files: [
                    .directory("", mode: 0o700, owner: "nobody"), .directory("sessions", mode: 0o700),
                    .file("sessions/sessions.db", "SQLite format 3", mode: 0o600),
                ], expected: [""]),
            CheckExample(
                "config directory owned by the user goose runs as", .pass,
                files: [
                    .directory("", mode: 0o700), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600),
                ]),
        ],
        fixable: true)

    /// The directories that stand for a whole goose location.
    static let locationKinds: Set<ArtifactKind> = [
        .configDirectory, .dataDirectory, .stateDirectory, .agentsDirectory, .desktopDirectory,
    ]

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        scan.targets(of: descriptor.artifactKinds).compactMap { target in
            let artifact = target.artifact
            guard artifact.metadata.type == .directory, artifact.metadata.uid != 0,
                let expected = Self.runAs(artifact, context: scan.context), artifact.metadata.uid != expected
            else { return nil }
            let inside = scan.targets.filter {
                $0.artifact.path.hasPrefix(artifact.path + "/") && ($0.artifact.kind.holdsSecrets || $0.artifact.kind.isPolicy)
            }
            let names = inside.map { PathText.display($0.artifact.path, root: artifact.path) }.sorted()
            let owner = PrincipalNames.user(artifact.metadata.uid)
            let user = PrincipalNames.user(expected)
            let what = artifact.kind.phrase
            let hands =
                names.isEmpty
                ? "everything goose keeps there"
                : names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
            return descriptor.finding(
                "\(what) is owned by \(owner), not by \(user) who runs goose: \(owner) can rename, replace or re-permission \(hands)",
                at: artifact,
                evidence: .fact(
                    "owner \(owner), goose runs as \(user); in \(owner)'s hands: \(names.isEmpty ? "-" : names.joined(separator: ", "))"),
                severity: names.isEmpty ? .high : .critical)
        }
    }

    /// The uid goose runs as for `artifact`: the user named by the scan (`--goose-user`), else the owner of
    /// the home it belongs to (`<home>/.config/goose`, `<home>/.local/share/goose`, `<home>/.local/state/goose`,
    /// `<home>/.agents`, or a location under `HOME`), else the owner of the directory that holds the location
    /// (a `GOOSE_PATH_ROOT` tree, a copied folder).
    static func runAs(_ artifact: Artifact, context: ScanContext) -> UInt32? {
        context.options.gooseUser ?? owner(of: home(of: artifact.path, env: context.environment))
    }

    static func home(of path: String, env: GooseEnvironment) -> String {
        for suffix in ["/.config/goose", "/.local/share/goose", "/.local/state/goose", "/.agents"] where path.hasSuffix(suffix) {
            let home = String(path.dropLast(suffix.count))
            if !home.isEmpty { return home }
        }
        if let home = env["HOME"], home.hasPrefix("/"), path.hasPrefix(home + "/") { return home }
        return PathText.parent(of: path)
    }

    static func owner(of path: String) -> UInt32? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_uid : nil
    }
}
