import GooseAuditCore
import SecretEngine
import SecretRules

/// Credentials goose cached on disk: sessions, request logs, logs, prompt history, remembered
/// tool approvals and diagnostics bundles. Memory files, the Copilot token cache and desktop
/// settings are searched by the secrets module, which owns those kinds. The session store's reader
/// also serves one permissions check: sessions whose stored mode is auto (`SessionModeAuto`).
public enum CachedSecretsModule: CheckModule {
    public static let name = "cached-secrets"

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        let scanner = try BuiltInRules.scanner(extraRuleFiles: configuration.extraRuleFiles)
        return [
            SessionSecrets(scanner: scanner),
            CachedFileSecrets(
                scanner: scanner, descriptor: CachedSecretDescriptors.requestLog,
                container: "sent to the provider and kept in an LLM request log", lines: .json),
            CachedFileSecrets(scanner: scanner, descriptor: CachedSecretDescriptors.log, container: "written to a goose log", lines: .json),
            CachedFileSecrets(
                scanner: scanner, descriptor: CachedSecretDescriptors.history, container: "kept in the CLI prompt history", lines: .text),
            ToolApprovalSecrets(scanner: scanner),
            DiagnosticsBundleSecrets(scanner: scanner),
            SessionModeAuto(),
        ]
    }
}
