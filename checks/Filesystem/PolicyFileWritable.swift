import GooseAuditCore

/// Files that decide what goose runs or allows, writable by someone other than their owner.
struct PolicyFileWritable: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "policy_file_writable",
        title: "goose policy file writable by other users",
        summary:
            "Reports `config.yaml` and its backups or `config.tmp`, `permission.yaml`, tool approvals, custom providers, plugin hooks and manifests, hints, `.gooseignore`, `adversary.md`, sandbox rules, skills, schedules, recipes and service definitions that a user other than the owner can write.",
        rationale: """
            Whoever writes these files decides what goose does as you: add an extension whose command runs at \
            the next start (`config.yaml`), a hook run with `sh -c` on every lifecycle event (`hooks.json`), an \
            `always_allow` entry or a forged approval (`permission.yaml`, `tool_permissions.json`), a provider \
            `base_url` that receives your API key, text injected into every prompt (`.goosehints`, `AGENTS.md`), \
            or a recipe that the scheduler runs unattended. goose creates them with the umask and never tightens them.
            """,
        remediation:
            "Run `chmod go-w` on the file (better `chmod 600`) and remove write ACL entries (`setfacl -x` or `setfacl -b`); review the file for changes you did not make.",
        severity: .high,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: Set(ArtifactKind.allCases.filter { $0.isPolicy && $0 != .systemConfig && $0 != .additionalConfig }),
        references: ["CWE-732", "CWE-276"],
        examples: [
            CheckExample(
                "group- and world-writable config.yaml", .fail,
                files: [
                    .directory("", mode: 0o755), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o666),
                ], expected: ["config.yaml"]),
            CheckExample(
                "plugin hooks writable through a named-group ACL", .fail, role: .agents,
                files: [
                    .directory("", mode: 0o755), .directory("plugins", mode: 0o755), .directory("plugins/fmt", mode: 0o755),
                    .directory("plugins/fmt/hooks", mode: 0o755),
                    .file("plugins/fmt/hooks/hooks.json", "{}", mode: 0o644, acl: ["g:nogroup:rw"]),
                ], expected: ["plugins/fmt/hooks/hooks.json"]),
            CheckExample(
                "config.yaml readable but writable only by its owner", .pass,
                files: [
                    .directory("", mode: 0o755), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o644),
                    .file("permission.yaml", "user: {}\n", mode: 0o600),
                ]),
        ],
        fixable: true)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        guard artifact.metadata.type == .regular, let exposure = artifact.exposure else { return [] }
        let access = GrantSelection(exposure, rights: .write)
        let finding = descriptor.exposureFinding(
            artifact.kind.phrase, access, at: artifact, severity: Self.severity(artifact.kind))
        return [finding].compactMap { $0 }
    }

    /// goose-surface §7.1: approvals, providers, recipes and fingerprints are one step below files
    /// that execute commands or feed every prompt.
    static func severity(_ kind: ArtifactKind) -> Severity {
        switch kind {
        case .permissionPolicy, .toolPermissionStore, .customProvider, .recipe, .toolFingerprint, .desktopSettings,
            .promptTemplate:
            .medium
        // Whoever writes the roaming trust list grants any key the agent and its shell.
        case .roamingTrust: .critical
        default:
            .high
        }
    }
}
