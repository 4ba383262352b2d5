import CheckCatalog
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// Every registered check's documented examples, run through the real pipeline.
struct CheckExampleTests {
    static let checks: [any Check] = (try? CheckCatalog.registry.makeChecks()) ?? []

    struct Case: CustomTestStringConvertible, Sendable {
        let check: any Check
        /// The id of the rule whose descriptor documents the example.
        let ruleID: String
        let example: CheckExample
        var testDescription: String { "\(ruleID): \(example.name)" }
    }

    static let allCases: [Case] = checks.flatMap { check in
        check.ruleDescriptors.flatMap { descriptor in descriptor.examples.map { Case(check: check, ruleID: descriptor.id, example: $0) } }
    }
    static let plainCases = allCases.filter { !$0.example.files.contains { $0.needsACL || $0.needsRoot } }
    static let aclCases = allCases.filter { $0.example.files.contains(where: \.needsACL) && !$0.example.files.contains(where: \.needsRoot) }
    static let rootCases = allCases.filter { $0.example.files.contains(where: \.needsRoot) }

    @Test("the catalogue loads and every check documents a passing and a failing example")
    func everyCheckHasExamples() throws {
        let checks = try CheckCatalog.registry.makeChecks()
        #expect(!checks.isEmpty)
        for descriptor in checks.flatMap(\.ruleDescriptors) {
            #expect(descriptor.examples.contains { $0.expectation == .fail }, "\(descriptor.id) has no failing example")
            #expect(descriptor.examples.contains { $0.expectation == .pass }, "\(descriptor.id) has no passing example")
            #expect(descriptor.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(descriptor.id) is not snake_case")
            #expect(!descriptor.artifactKinds.isEmpty, "\(descriptor.id) inspects no artifact kind")
        }
    }

    @Test("check example", arguments: plainCases)
    func example(_ testCase: Case) throws {
        let outcome = try CheckRunner.verify(
            testCase.check, example: testCase.example, ruleID: testCase.ruleID, expanders: CheckCatalog.expanders)
        #expect(outcome.problems.isEmpty, "\(outcome.problems.joined(separator: "\n"))")
    }

    @Test(
        "check example with POSIX ACLs",
        .enabled(if: TestEnvironment.aclSupported, "skipped: needs setfacl (Debian package acl) and an ACL-capable temp file system"),
        arguments: aclCases)
    func aclExample(_ testCase: Case) throws {
        let outcome = try CheckRunner.verify(
            testCase.check, example: testCase.example, ruleID: testCase.ruleID, expanders: CheckCatalog.expanders)
        #expect(outcome.problems.isEmpty, "\(outcome.problems.joined(separator: "\n"))")
    }

    @Test(
        "check example with files owned by another user",
        .enabled(if: TestEnvironment.canDropPrivileges, "skipped: chown to another user needs root"),
        arguments: rootCases)
    func rootExample(_ testCase: Case) throws {
        let outcome = try CheckRunner.verify(
            testCase.check, example: testCase.example, ruleID: testCase.ruleID, expanders: CheckCatalog.expanders)
        #expect(outcome.problems.isEmpty, "\(outcome.problems.joined(separator: "\n"))")
    }
}
