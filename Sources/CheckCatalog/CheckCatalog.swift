import AgentPermissionChecks
import CachedSecretsChecks
import DriftChecks
import FilesystemChecks
import GooseAuditCore
import SecretsChecks
import StructuredText
import WorkflowChecks

/// Every check module goose-audit ships, in registration order.
public enum CheckCatalog {
    public static let modules: [any CheckModule.Type] = [
        FilesystemModule.self,
        SecretsModule.self,
        CachedSecretsModule.self,
        AgentPermissionsModule.self,
        WorkflowModule.self,
        DriftModule.self,
    ]

    public static var registry: CheckRegistry { CheckRegistry(modules: modules) }

    /// Finders of goose artifacts inside other files, run by the pipeline on every artifact.
    public static let expanders: [any ArtifactExpander] = [EmbeddedArtifacts()]
}
