import CachedSecretsChecks
import Crypto
import Foundation
import GooseAuditCore
import GooseAuditTestSupport

/// Realistically shaped, obviously synthetic credentials, built at run time so that no token sits
/// in the repository. Deterministic: the same seed gives the same value.
enum Fake {
    static let alphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func chars(_ count: Int, seed: UInt64) -> String {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return String(
            (0..<count).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return alphanumeric[Int((state >> 33) % UInt64(alphanumeric.count))]
            })
    }

    static func github(seed: UInt64 = 1) -> String { "ghp_" + chars(36, seed: seed) }
    static func anthropic(seed: UInt64 = 2) -> String { "sk-ant-api03-" + chars(93, seed: seed) + "AA" }
    static func openAI(seed: UInt64 = 3) -> String { "sk-proj-" + chars(40, seed: seed) + "T3BlbkFJ" + chars(40, seed: seed + 100) }
    static func groq(seed: UInt64 = 4) -> String { "gsk_" + chars(52, seed: seed) }
}

/// The shipped cached-secrets checks, built once.
enum Cached {
    static let checks: [any Check] = (try? CachedSecretsModule.makeChecks(ModuleConfiguration())) ?? []

    static func scan(_ root: String, role: RootRole, checks: [any Check] = checks) -> ScanResult {
        CheckRunner.scan(checks, root: root, role: role)
    }
}

extension ScanResult {
    /// `path:line#keyPath ruleID` for each unsuppressed finding, sorted.
    var summary: [String] {
        findings.filter { $0.suppression == nil }.map { CheckRunner.describe($0.location) + " " + $0.ruleID }.sorted()
    }

    /// The findings whose evidence stands for `secret`.
    func findings(of secret: String) -> [Finding] {
        let digest = Evidence.secret(secret, label: nil, publicPrefix: nil).digest
        return findings.filter { $0.evidence.digest == digest }
    }
}

/// SHA-256 of a file's bytes, or "absent".
func fileDigest(_ path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "absent" }
    return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}

/// Runs a Python 3 script with arguments (fixtures goose itself would write with SQLite or zip).
func python(_ script: String, _ arguments: [String]) throws {
    try Shell.run("/usr/bin/python3", ["-c", script] + arguments)
}
