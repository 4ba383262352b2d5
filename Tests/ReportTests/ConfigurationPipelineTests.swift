import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// A test-only data-driven check that reports under two rule ids.
struct TwoRuleCheck: ArtifactCheck {
    static func rule(_ id: String) -> CheckDescriptor {
        CheckDescriptor(
            id: id, title: id, summary: "Test rule.", rationale: "Test.", remediation: "Fix.", severity: .high,
            category: .secrets, kind: .credential, artifactKinds: [.otherFile])
    }

    let descriptor = Self.rule("two_rule_a")
    var ruleDescriptors: [CheckDescriptor] { [descriptor, Self.rule("two_rule_b")] }

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        ruleDescriptors.map { $0.finding("found", at: target.artifact, line: 1, evidence: .fact($0.id)) }
    }
}

struct ConfigurationPipelineTests {
    @Test("one rule of a data-driven check can be disabled, another's severity overridden")
    func disableAndOverride() throws {
        let tree = try FixtureTree("configuration")
        try tree.file("notes.txt", "anything\n")
        let result = CheckRunner.scan([TwoRuleCheck()], root: tree.root) {
            $0.disabledChecks = ["two_rule_b"]
            $0.severityOverrides = ["two_rule_a": .low]
        }
        #expect(result.findings.map(\.ruleID) == ["two_rule_a"])
        #expect(result.findings.map(\.severity) == [.low])
        #expect(result.descriptors.map(\.id) == ["two_rule_a"])
        #expect(result.descriptors.first?.severity == .low)
        #expect(result.outcomes.map(\.status) == [.fail, .disabled])
    }
}
