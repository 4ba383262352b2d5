import Foundation
import GooseAuditCore

/// Runs checks over a fixture tree as the pipeline would.
public enum CheckRunner {
    /// Scans `root` laid out as a goose location of `role` with `checks`, in `environment`.
    public static func scan(
        _ checks: [any Check], root: String, role: RootRole = .path, environment: [String: String] = [:],
        expanders: [any ArtifactExpander] = [], options: (inout ScanOptions) -> Void = { _ in }
    ) -> ScanResult {
        let env = GooseEnvironment(variables: environment, currentDirectory: root)
        var scanOptions = ScanOptions(roots: [ScanRoot(label: role == .path ? "." : "goose:\(role.rawValue)", path: root, role: role)])
        options(&scanOptions)
        let context = ScanContext(environment: env, locations: Discovery.locate(env), options: scanOptions)
        return Scanner(checks: checks, context: context, expanders: expanders).scan()
    }

    /// The outcome of running one example of a check.
    public struct ExampleOutcome: Sendable {
        public var findings: [Finding]
        public var notices: [Notice]
        /// Empty when the example behaved as documented; otherwise what went wrong.
        public var problems: [String]
    }

    /// Lays out `example` in a fresh tree, runs `check`, and compares with the example's expectation:
    /// the places of the findings, and their rule ids (`example.ruleIDs`, else `ruleID`, the id of the
    /// descriptor the example documents).
    public static func verify(
        _ check: any Check, example: CheckExample, ruleID: String? = nil, expanders: [any ArtifactExpander] = []
    ) throws -> ExampleOutcome {
        let tree = try FixtureTree(check.descriptor.id)
        try tree.lay(example.files)
        let ids = Set(check.ruleDescriptors.map(\.id))
        let result = scan([check], root: tree.root, role: example.role, environment: example.environment, expanders: expanders) {
            $0.previousDrift = example.previousDrift
        }
        let findings = result.findings.filter { ids.contains($0.ruleID) && $0.suppression == nil }
        var problems: [String] = []
        switch example.expectation {
        case .pass:
            if !findings.isEmpty {
                problems.append(
                    "expected no finding, got: " + findings.map { "\($0.location.display) \($0.message)" }.joined(separator: "; "))
            }
        case .fail:
            if findings.isEmpty { problems.append("expected findings at \(example.expected), got none") }
            for marker in example.expected where !findings.contains(where: { matches($0.location, marker) }) {
                problems.append("no finding at \(marker); got: " + findings.map { describe($0.location) }.joined(separator: ", "))
            }
            for finding in findings where !example.expected.contains(where: { matches(finding.location, $0) }) {
                problems.append("unexpected finding at \(describe(finding.location)): \(finding.message)")
            }
            let expectedIDs = example.ruleIDs ?? ruleID.map { [$0] }
            for finding in findings where expectedIDs.map({ !$0.contains(finding.ruleID) }) ?? false {
                problems.append("finding at \(describe(finding.location)) has rule id \(finding.ruleID), expected \(expectedIDs!.sorted())")
            }
        }
        return ExampleOutcome(findings: findings, notices: result.notices, problems: problems)
    }

    /// `path`, `path:line` or `path#key.path` (or `path:line#key.path`).
    public static func matches(_ location: Location, _ marker: String) -> Bool {
        var rest = Substring(marker)
        var keyPath: String?
        if let hash = rest.firstIndex(of: "#") {
            keyPath = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var line: Int?
        if let colon = rest.lastIndex(of: ":"), let number = Int(rest[rest.index(after: colon)...]) {
            line = number
            rest = rest[..<colon]
        }
        return location.path == rest && (line == nil || location.line == line) && (keyPath == nil || location.keyPath == keyPath)
    }

    public static func describe(_ location: Location) -> String {
        location.display + (location.keyPath.map { "#\($0)" } ?? "")
    }
}
