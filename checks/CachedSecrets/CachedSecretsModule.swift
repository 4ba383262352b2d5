import GooseAuditCore
import SecretEngine
import SecretRules

/// Credentials goose cached on disk: sessions, request logs, logs, prompt history, remembered
/// tool approvals and diagnostics bundles. Memory files, the Copilot token cache and desktop
/// settings are searched by the secrets module, which owns those kinds. One file per check (`SecretIn….swift`)
/// holds its descriptor, examples and its part of the inspection; the readers are shared. The session store's reader
/// also serves one permissions check: sessions whose stored mode is auto (`SessionModeAuto`).
public enum CachedSecretsModule: CheckModule {
    public static let name = "cached-secrets"

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        let scanner = try BuiltInRules.scanner(extraRuleFiles: configuration.extraRuleFiles)
        return [
            SessionSecrets(scanner: scanner), SecretInRequestLog.check(scanner), SecretInLog.check(scanner),
            SecretInHistory.check(scanner), SecretInToolApprovals(scanner: scanner), SecretInDiagnosticsBundle(scanner: scanner),
            SessionModeAuto(),
        ]
    }
}

/// What the cached-secrets checks' descriptors share.
enum CachedSecretText {
    static let rotate = "Revoke and rotate the credential at its provider first: purging the file does not un-leak it."
    static let rationale = """
        goose keeps what passes through it: prompts, tool calls and their output, provider requests and responses. \
        A credential that was pasted, printed by a tool or read from a file ends up in these caches in clear, \
        outlives the session, and is copied by backups, sync and diagnostics bundles; anyone who can read the \
        file holds the credential.
        """
    static let references = ["CWE-312", "CWE-532", "https://block.github.io/goose/docs/guides/logs"]

    // Fake credentials for the examples, built by concatenation so this file holds none.
    static let token = "ghp_" + "437JkPUL6jMyh7arNlDQnu0rp9MoZUKJWEJw"
}
