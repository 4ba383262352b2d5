import GooseAuditCore

/// File modes, ownership and POSIX ACLs on every file goose keeps secrets, conversations or policy in.
public enum FilesystemModule: CheckModule {
    public static let name = "filesystem"

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        [
            SecretsFileExposed(), SensitiveFileExposed(), PolicyFileWritable(), SystemConfigLayerWritable(),
            GooseDirectoryExposed(), DefaultACLExposesNewFiles(), ExtendedACLGrantsAccess(),
            FileOwnedByOtherUser(), GooseDirectoryOwnedByOtherUser(), PolicyFileSecretReadable(), ConfigSymlinked(),
            ParentDirectoryReplaceable(), LegacyArtifactPresent(),
        ]
    }
}
