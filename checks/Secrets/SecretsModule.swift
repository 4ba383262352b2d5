import GooseAuditCore
import SecretEngine
import SecretRules

/// Hard-coded credentials in goose configuration and configuration repositories.
public enum SecretsModule: CheckModule {
    public static let name = "secrets"

    /// The shipped rules, in file order.
    public static func builtInRules() throws(RuleError) -> [SecretRule] { try BuiltInRules.rules() }

    /// The shipped rules plus `extraRuleFiles`, compiled and with every example checked.
    public static func scanner(_ configuration: ModuleConfiguration) throws(RuleError) -> SecretScanner {
        try BuiltInRules.scanner(extraRuleFiles: configuration.extraRuleFiles)
    }

    /// gitleaks rules the engine refused are reported as notices of every scan (once, by this module).
    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        let (scanner, skipped) = try BuiltInRules.prepare(extraRuleFiles: configuration.extraRuleFiles)
        // Names are judged by the same rules as values, everywhere they are shown (GooseAuditCore.SecretNames).
        SecretNames.use(NameSecrets.detector(scanner))
        let notices = skipped.map { Notice(kind: .other, path: $0.file, message: "gitleaks rule skipped: \($0.reason)") }
        return [HardcodedSecrets(scanner: scanner, setupNotices: notices)]
    }
}
