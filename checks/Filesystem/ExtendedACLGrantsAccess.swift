import GooseAuditCore

/// Named-user and named-group ACL entries on goose files that the mode bits do not show.
struct ExtendedACLGrantsAccess: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "extended_acl_grants_access",
        title: "Extended ACL grants other users access to a goose file",
        summary:
            "Reports POSIX ACL entries for a named user or group that give effective access to a goose file, even when its mode looks owner-only; entries the mask cancels are not reported.",
        rationale: """
            `ls -l` and most auditors (Lynis, kube-bench) look at mode bits only, so `0600` with a `user:alice:r--` \
            entry looks private while alice reads the file. goose has no ACL handling at all: it neither sets nor \
            removes entries, and files it re-creates in a directory with a default ACL inherit them. Read access \
            to `config.yaml` or a recipe exposes the extension commands, headers and tokens pasted into it.
            """,
        remediation:
            "Remove the entry (`setfacl -x u:<name> <file>`, or all of them with `setfacl -b <file>`); if shared access is intended, grant it on a copy without credentials.",
        severity: .medium,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: ArtifactKind.gooseFiles.filter { !$0.holdsSecrets }.union([.otherFile]),
        references: ["CWE-732", "CWE-276"],
        examples: [
            CheckExample(
                "0600 config.yaml with a named-user read entry", .fail,
                files: [
                    .directory("", mode: 0o755), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600, acl: ["u:nobody:r"]),
                ], expected: ["config.yaml"]),
            CheckExample(
                "named-group read entry on a recipe", .fail,
                files: [
                    .directory("", mode: 0o755), .directory("recipes", mode: 0o755),
                    .file("recipes/deploy.yaml", "title: deploy\n", mode: 0o600, acl: ["g:nogroup:r"]),
                ], expected: ["recipes/deploy.yaml"]),
            CheckExample(
                "named-user entry cancelled by the mask", .pass,
                files: [
                    .directory("", mode: 0o755),
                    .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600, acl: ["u:nobody:r", "m::-"]),
                ]),
        ],
        fixable: true)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        guard artifact.metadata.type == .regular, let exposure = artifact.exposure, exposure.hasExtendedACL,
            artifact.kind != .otherFile || artifact.root.role != .path
        else { return [] }
        let owningGroup = artifact.metadata.gid
        // A write grant on a policy file is policy_file_writable's finding; here the rest.
        let rights: Permission = artifact.kind.isPolicy ? [.read, .execute] : [.read, .write, .execute]
        let named = GrantSelection(exposure, rights: rights) { grant in
            guard !(artifact.kind.isPolicy && grant.permission.contains(.write)) else { return false }
            switch grant.principal {
            case .user: return true
            case .group(let gid): return gid != owningGroup
            case .other: return false
            }
        }
        let subject = "\(artifact.kind.phrase) (mode \(artifact.metadata.octalMode))"
        return [descriptor.exposureFinding(subject, named, at: artifact)].compactMap { $0 }
    }
}
