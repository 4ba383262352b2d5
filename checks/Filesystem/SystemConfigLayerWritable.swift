import GooseAuditCore

#if canImport(Glibc)
    import Glibc
#endif

/// `/etc/goose/config.yaml` and `GOOSE_ADDITIONAL_CONFIG_FILES` layers that someone besides root
/// (or, for an additional layer, besides its owner) can change.
struct SystemConfigLayerWritable: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "system_config_layer_writable",
        title: "System or additional config layer modifiable by non-admin users",
        summary:
            "Reports a system config (`/etc/goose/config.yaml`) that is not root-owned, sits in a directory not owned by root, or that anyone but root can write, and an additional config layer (`GOOSE_ADDITIONAL_CONFIG_FILES`) that someone besides root and the invoking user owns or can write.",
        rationale: """
            goose merges the system config and every additional layer into the configuration of every user who \
            runs it, before the user's own `config.yaml`. Whoever can change a layer can add an extension whose \
            command then runs as each of those users. The owner of a file or of its directory can always rewrite \
            or replace it, whatever the mode says.
            """,
        remediation:
            "Make the layer and its directory owned by root (`chown root:root`), mode 0644 and 0755 at most, and remove write ACL entries (`setfacl -b`).",
        severity: .critical,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: [.systemConfig, .additionalConfig],
        references: ["CWE-732", "CWE-276", "CWE-283"],
        examples: [
            CheckExample(
                "world-writable system config", .fail, role: .systemConfig,
                files: [
                    .directory("", mode: 0o755), .file("config.yaml", "extensions: {}\n", mode: 0o666),
                ], expected: ["config.yaml"]),
            CheckExample(
                "additional layer writable through a named-user ACL", .fail, role: .additionalConfig,
                files: [
                    .directory("", mode: 0o755), .file("team.yaml", "extensions: {}\n", mode: 0o644, acl: ["u:nobody:rw"]),
                ], expected: ["team.yaml"]),
            CheckExample(
                "root-owned read-only system config", .pass, role: .systemConfig,
                files: [
                    .directory("", mode: 0o755), .file("config.yaml", "extensions: {}\n", mode: 0o644),
                ]),
        ],
        fixable: false)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        guard artifact.metadata.type == .regular, let exposure = artifact.exposure else { return [] }
        let layer = artifact.kind == .systemConfig ? "system config" : "additional config layer"
        let writers = GrantSelection(exposure, rights: .write)
        var reasons: [String] = []
        var evidence: [String] = []
        if !writers.live.isEmpty {
            reasons.append("writable by \(writers.who)")
            evidence.append(writers.why)
        }
        // The system layer must be root's; an additional layer root's or the invoking user's.
        let trusted: Set<UInt32> = artifact.kind == .systemConfig ? [0] : [0, geteuid()]
        let expected = trusted.sorted().map(PrincipalNames.user).joined(separator: " or ")
        if !trusted.contains(artifact.metadata.uid) {
            let owner = PrincipalNames.user(artifact.metadata.uid)
            reasons.append("owned by \(owner)")
            evidence.append("owner \(owner), expected \(expected)")
        }
        let parent = PathText.parent(of: artifact.path)
        if case .success(let metadata) = FileMetadata.lstat(parent), !trusted.contains(metadata.uid) {
            let owner = PrincipalNames.user(metadata.uid)
            reasons.append("in a directory owned by \(owner)")
            evidence.append("\(parent) owner \(owner), expected \(expected)")
        }
        if !reasons.isEmpty {
            return [
                descriptor.finding(
                    "\(layer) is \(reasons.joined(separator: ", ")): they can add extensions that goose runs as each user who loads it",
                    at: artifact, evidence: .fact(evidence.joined(separator: "; ")))
            ]
        }
        // Only an ancestor's missing search bit keeps the writers out.
        return [descriptor.exposureFinding(layer, writers, at: artifact)].compactMap { $0 }
    }
}
