import GooseAuditCore
import StructuredText

/// A workflow check: its descriptor and what it finds in one parsed workflow.
struct WorkflowCheck: ArtifactCheck {
    let descriptor: CheckDescriptor
    let analyze: @Sendable (Workflow, CheckDescriptor) -> [Finding]

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let workflow = Workflow(target) else { return [] }
        return analyze(workflow, descriptor)
    }
}

/// CI workflows that publish goose-style packages, and the GitHub Actions weaknesses that let a pull
/// request or a tampered dependency reach a release (the seed's "Workflow Security").
public enum WorkflowModule: CheckModule {
    public static let name = "workflows"

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        [
            publishUnrestricted, dispatchWithoutDryRun, pullRequestTargetCheckout, excessivePermissions, actionNotPinned, secretEchoed,
            untrustedInputInRun, agentOnUntrustedInput, agentWeakGate, agentSecretsBroadScope, gooseInstallUnpinned, dryRunNotWired,
            publishBumpsVersion, CodeOwnersCheck(),
        ]
    }

    static let kinds: Set<ArtifactKind> = [.ciWorkflow]
    static let hardening =
        "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions"

    static func workflow(_ body: String) -> ExampleFile { .file(".github/workflows/release.yml", body) }
}
