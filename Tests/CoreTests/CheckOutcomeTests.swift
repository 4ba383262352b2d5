import Synchronization
import Testing

@testable import GooseAuditCore

/// Check outcomes: a disabled check is reported disabled without being asked whether it applies; enabled checks
/// are asked, and pass, fail or do not apply.
struct CheckOutcomeTests {
    /// A check that counts how often it is asked whether it applies.
    final class Probe: ArtifactCheck {
        let descriptor: CheckDescriptor
        let applies: Bool
        let asked = Mutex(0)

        init(_ id: String, applies: Bool) {
            descriptor = CheckDescriptor(
                id: id, title: id, summary: "probe", rationale: "probe", remediation: "none", severity: .low, category: .secrets,
                kind: .hygiene, artifactKinds: [.envFile])
            self.applies = applies
        }

        func isApplicable(_ scan: ScanSnapshot) -> Bool {
            asked.withLock { $0 += 1 }
            return applies
        }

        func inspect(_ target: CheckTarget) throws -> [Finding] { [] }
    }

    @Test("a disabled check is not asked whether it applies; enabled ones pass, fail or do not apply")
    func disabledChecksAreNotAsked() {
        let checks = [
            Probe("probe_disabled", applies: true), Probe("probe_pass", applies: true), Probe("probe_na", applies: false),
            Probe("probe_fail", applies: true),
        ]
        let env = GooseEnvironment(variables: [:], currentDirectory: "/")
        let options = ScanOptions(roots: [])
        let artifact = Artifact(
            root: ScanRoot(label: ".", path: "/repo", role: .path), path: "/repo/.env", relativePath: ".env", kind: .envFile,
            metadata: FileMetadata(type: .regular, permissions: 0o600, uid: 0, gid: 0, size: 0, inode: 1, device: 1))
        let context = ScanContext(environment: env, locations: Discovery.locate(env), options: options)
        let snapshot = ScanSnapshot(targets: [CheckTarget(artifact: artifact, context: context)], context: context)
        let finding = checks[3].descriptor.finding("probe", at: artifact, evidence: .fact("x"))
        let outcomes = CheckOutcome.all(checks: checks, disabled: ["probe_disabled"], findings: [finding], snapshot: snapshot)
        #expect(outcomes.map(\.checkID) == ["probe_disabled", "probe_fail", "probe_na", "probe_pass"])
        #expect(outcomes.map(\.status) == [.disabled, .fail, .notApplicable, .pass])
        #expect(checks.map { $0.asked.withLock { $0 } } == [0, 1, 1, 1])
    }
}
