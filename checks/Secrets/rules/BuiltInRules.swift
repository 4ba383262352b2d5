import SecretEngine

/// The secret rules goose-audit ships (the YAML files beside this one, compiled into the binary),
/// shared by every module that searches for credentials.
public enum BuiltInRules {
    /// The rule files, embedded in the code (no resource bundle needed at run time).
    static let files: [(name: String, bytes: [UInt8])] = [
        ("rules/ai-providers.yaml", PackageResources.ai_providers_yaml),
        ("rules/cloud.yaml", PackageResources.cloud_yaml),
        ("rules/code-hosting.yaml", PackageResources.code_hosting_yaml),
        ("rules/saas.yaml", PackageResources.saas_yaml),
        ("rules/generic.yaml", PackageResources.generic_yaml),
    ]

    /// The shipped rules, in file order.
    public static func rules() throws(RuleError) -> [SecretRule] {
        var rules: [SecretRule] = []
        for (name, bytes) in files {
            rules += try RuleLoader.yaml(String(decoding: bytes, as: UTF8.self), source: "built-in " + name)
        }
        return rules
    }

    /// The shipped rules plus `extraRuleFiles` (`--rules`), compiled and with every example checked.
    public static func scanner(extraRuleFiles: [String]) throws(RuleError) -> SecretScanner {
        var rules = try rules()
        for file in extraRuleFiles { rules += try RuleLoader.load(file: file) }
        let scanner = try SecretScanner(rules: rules)
        try scanner.verifyExamples()
        return scanner
    }
}
