import FilesystemChecks
import GooseAuditCore
import SecretsChecks

/// Every check module goose-audit ships, in registration order.
public enum CheckCatalog {
    public static let modules: [any CheckModule.Type] = [
        FilesystemModule.self,
        SecretsModule.self,
    ]

    public static var registry: CheckRegistry { CheckRegistry(modules: modules) }
}
