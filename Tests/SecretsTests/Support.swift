import GooseAuditCore
import GooseAuditTestSupport
import SecretEngine
import SecretsChecks

/// Realistically shaped, obviously synthetic credentials, built at run time so that no token sits
/// in the repository. Deterministic: the same seed gives the same value.
enum Fake {
    static let alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    static let hex = "0123456789abcdef"

    static func chars(_ count: Int, _ alphabet: String = alphanumeric, seed: UInt64) -> String {
        let symbols = Array(alphabet)
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        while true {
            var out = ""
            for _ in 0..<count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                out.append(symbols[Int((state >> 33) % UInt64(symbols.count))])
            }
            if !Placeholder.matches(out) { return out }
        }
    }

    static func github(seed: UInt64 = 1) -> String { "ghp_" + chars(36, seed: seed) }
    static func anthropic(seed: UInt64 = 2) -> String { "sk-ant-api03-" + chars(93, seed: seed) + "AA" }
    static func openAI(seed: UInt64 = 3) -> String { "sk-proj-" + chars(40, seed: seed) + "T3BlbkFJ" + chars(40, seed: seed + 100) }
    static func groq(seed: UInt64 = 4) -> String { "gsk_" + chars(52, seed: seed) }
    static func awsKeyID(seed: UInt64 = 5) -> String { "AKIA" + chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", seed: seed) }
    static func slackBot(seed: UInt64 = 6) -> String {
        "xoxb-" + chars(12, "0123456789", seed: seed) + "-" + chars(13, "0123456789", seed: seed + 1) + "-" + chars(24, seed: seed + 2)
    }
    static func opaque(seed: UInt64 = 7) -> String { chars(32, seed: seed) }
}

/// The shipped secrets check, built once.
enum Shipped {
    static let checks: [any Check] = (try? SecretsModule.makeChecks(ModuleConfiguration())) ?? []
    static let scanner: SecretScanner? = try? SecretsModule.scanner(ModuleConfiguration())

    /// Scans a fixture tree laid out from `files` (path → contents) as a user-given path.
    static func scan(_ files: [String: String], role: RootRole = .path, mode: UInt32 = 0o600) throws -> ScanResult {
        let tree = try FixtureTree("secrets")
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) { _ = try tree.file(path, contents, mode: mode) }
        return CheckRunner.scan(checks, root: tree.root, role: role)
    }
}

extension ScanResult {
    /// `path:line#keyPath ruleID` for each unsuppressed finding, sorted.
    var summary: [String] {
        findings.filter { $0.suppression == nil }.map { finding in
            CheckRunner.describe(finding.location) + " " + finding.ruleID
        }.sorted()
    }
}
