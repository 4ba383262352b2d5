/// How one check fared in a scan (for JUnit and the onboarding checklist).
public struct CheckOutcome: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable {
        case pass
        case fail
        /// No artifact of the kinds the check inspects was found.
        case notApplicable = "not-applicable"
        case disabled
    }

    public var checkID: String
    public var status: Status
    public var findings: Int
    /// The id of the check that reports under `checkID`: the same id, or a data-driven check's own
    /// id for each of its rules (the checklist counts a check once, not once per rule).
    public var group: String

    public init(checkID: String, status: Status, findings: Int, group: String? = nil) {
        self.checkID = checkID
        self.status = status
        self.findings = findings
        self.group = group ?? checkID
    }

    /// Every rule's outcome: disabled, failed (an unsuppressed finding), not applicable or passed.
    static func all(checks: [any Check], disabled: Set<String>, findings: [Finding], snapshot: ScanSnapshot) -> [CheckOutcome] {
        let kinds = Set(snapshot.targets.map(\.artifact.kind))
        var counts: [String: Int] = [:]
        for finding in findings where finding.suppression == nil { counts[finding.ruleID, default: 0] += 1 }
        var out: [CheckOutcome] = []
        for check in checks {
            let enabled = !disabled.contains(check.descriptor.id)
            // A disabled check's rules are disabled whatever the scan holds: it is not asked (its question can parse
            // every config of the scan).
            let applicable = enabled && check.isApplicable(snapshot)
            for descriptor in check.ruleDescriptors {
                let count = counts[descriptor.id] ?? 0
                let status: CheckOutcome.Status =
                    !enabled || disabled.contains(descriptor.id)
                    ? .disabled
                    : count > 0 ? .fail : !applicable || descriptor.artifactKinds.isDisjoint(with: kinds) ? .notApplicable : .pass
                out.append(CheckOutcome(checkID: descriptor.id, status: status, findings: count, group: check.descriptor.id))
            }
        }
        return out.sorted { $0.checkID < $1.checkID }
    }
}

/// The result of the inspect and suppress stages, before ranking and rendering.
public struct ScanResult: Sendable {
    public var roots: [ScanRoot]
    public var findings: [Finding]
    public var notices: [Notice]
    public var outcomes: [CheckOutcome]
    public var descriptors: [CheckDescriptor]
    public var artifactsExamined: Int
    /// How many known findings the baseline suppressed.
    public var suppressedByBaseline: Int
    public var filesRead: Int
    public var duration: Double
    /// The drift snapshot scan-level checks published (names and digests, never secrets).
    public var drift: DriftFacts
    /// The goose versions installed (read from binaries and package metadata, never by running goose),
    /// lowest first; empty when unknown.
    public var gooseVersions: [String] = []
}
