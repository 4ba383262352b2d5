import DriftChecks
import FilesystemChecks
import GooseAuditCore

/// Every check module goose-audit ships, in registration order.
public enum CheckCatalog {
    public static let modules: [any CheckModule.Type] = [
        FilesystemModule.self,
        DriftModule.self,
    ]

    public static var registry: CheckRegistry { CheckRegistry(modules: modules) }
}
