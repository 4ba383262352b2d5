import Dispatch
import Foundation
import GooseAuditCore
import SecretEngine
import Synchronization

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
        // The files are parsed in parallel (start-up time, before any file is scanned); the first file in order
        // that fails is the one reported.
        let parsed = Mutex<[Result<[SecretRule], RuleError>?]>(Array(repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let (name, bytes) = files[index]
            let result = Result { () throws(RuleError) -> [SecretRule] in
                try RuleLoader.yaml(String(decoding: bytes, as: UTF8.self), source: "built-in " + name)
            }
            parsed.withLock { $0[index] = result }
        }
        var rules: [SecretRule] = []
        for result in parsed.withLock({ $0 }) {
            if let result { rules += try result.get() }
        }
        return rules
    }

    /// The shipped rules plus `extraRuleFiles` (`--rules`), compiled and with every example checked.
    public static func scanner(extraRuleFiles: [String]) throws(RuleError) -> SecretScanner {
        try prepare(extraRuleFiles: extraRuleFiles).scanner
    }

    /// A compiled, self-tested rule set and the gitleaks rules it skipped.
    public typealias Prepared = (scanner: SecretScanner, skipped: [(file: String, reason: String)])

    /// Compiled rule sets by their input (rule file paths and contents): both secret modules ask
    /// for the same set in one run, and it is compiled and self-tested once.
    private static let cache = Mutex<[String: Result<Prepared, RuleError>]>([:])

    /// Builds the scanner, or returns the one already built for the same rule files (same paths
    /// and contents). goose-audit rule files are strict: any error stops the run. A gitleaks
    /// configuration is someone else's format: a rule this engine refuses (a pattern that is not
    /// linear-time safe, or one PCRE2 cannot compile) is skipped and returned in `skipped` (file and
    /// reason), and the rest of the file is used; a file that cannot be read or parsed still stops the run.
    public static func prepare(extraRuleFiles: [String]) throws(RuleError) -> Prepared {
        let key = key(extraRuleFiles)
        // Built under the lock: two modules asking at once wait for one compilation.
        let result = cache.withLock { cache in
            if let cached = cache[key] { return cached }
            let built = Result { () throws(RuleError) -> Prepared in try build(extraRuleFiles: extraRuleFiles) }
            cache[key] = built
            builds.withLock { $0[key, default: 0] += 1 }
            return built
        }
        return try result.get()
    }

    /// How often the rule set for `extraRuleFiles` was compiled in this process (once, after any
    /// number of `prepare` calls; tests check it).
    public static func compilations(extraRuleFiles: [String]) -> Int { builds.withLock { $0[key(extraRuleFiles)] ?? 0 } }

    private static let builds = Mutex<[String: Int]>([:])

    private static func key(_ extraRuleFiles: [String]) -> String {
        extraRuleFiles.map { file in
            let data = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            return file + "\u{0}" + Digest.sha256Hex(data)
        }.joined(separator: "\u{1}")
    }

    private static func build(extraRuleFiles: [String]) throws(RuleError) -> Prepared {
        var rules = try rules()
        var skipped: [(file: String, reason: String)] = []
        for file in extraRuleFiles {
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
                    skipped.append((file, "\(error)"))
                }
            }
        }
        let scanner = try SecretScanner(rules: rules)
        try scanner.verifyExamples()
        return (scanner, skipped)
    }
}
