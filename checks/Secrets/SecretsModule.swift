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
        var rules = try builtInRules()
        for file in configuration.extraRuleFiles { rules += try RuleLoader.load(file: file) }
        let scanner = try SecretScanner(rules: rules)
        try scanner.verifyExamples()
        return scanner
    }

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        [HardcodedSecrets(scanner: try scanner(configuration))]
    }
}
