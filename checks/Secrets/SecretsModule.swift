import GooseAuditCore
import SecretEngine

/// Hard-coded credentials in goose configuration and configuration repositories.
public enum SecretsModule: CheckModule {
    public static let name = "secrets"

    /// The rule files compiled into the binary (no resource bundle needed at run time).
    static let builtInFiles: [(name: String, bytes: [UInt8])] = [
        ("rules/ai-providers.yaml", PackageResources.ai_providers_yaml),
        ("rules/cloud.yaml", PackageResources.cloud_yaml),
        ("rules/code-hosting.yaml", PackageResources.code_hosting_yaml),
        ("rules/saas.yaml", PackageResources.saas_yaml),
        ("rules/generic.yaml", PackageResources.generic_yaml),
    ]

    /// The shipped rules, in file order.
    public static func builtInRules() throws(RuleError) -> [SecretRule] {
        var rules: [SecretRule] = []
        for (name, bytes) in builtInFiles {
            rules += try RuleLoader.yaml(String(decoding: bytes, as: UTF8.self), source: "built-in " + name)
        }
        return rules
    }

    /// The shipped rules plus `extraRuleFiles`, compiled and with every example checked.
    public static func scanner(_ configuration: ModuleConfiguration) throws(RuleError) -> SecretScanner {
        try prepare(configuration).scanner
    }

    /// Builds the scanner. goose-audit rule files are strict: any error stops the run. A gitleaks
    /// configuration is someone else's format: a rule this engine refuses (a pattern that is not
    /// linear-time safe, or one PCRE2 cannot compile) is skipped and named in a notice, and the rest of
    /// the file is used; a file that cannot be read or parsed still stops the run.
    static func prepare(_ configuration: ModuleConfiguration) throws(RuleError) -> (scanner: SecretScanner, notices: [Notice]) {
        var rules = try builtInRules()
        var notices: [Notice] = []
        for file in configuration.extraRuleFiles {
            let loaded = try RuleLoader.load(file: file)
            guard file.lowercased().hasSuffix(".toml") else {
                rules += loaded
                continue
            }
            for rule in loaded {
                do {
                    _ = try SecretScanner(rules: [rule])
                    rules.append(rule)
                } catch {
                    notices.append(Notice(kind: .other, path: file, message: "gitleaks rule skipped: \(error)"))
                }
            }
        }
        let scanner = try SecretScanner(rules: rules)
        try scanner.verifyExamples()
        return (scanner, notices)
    }

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        let (scanner, notices) = try prepare(configuration)
        return [HardcodedSecrets(scanner: scanner, setupNotices: notices)]
    }
}
