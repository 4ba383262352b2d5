import GooseAuditCore

/// One drift check's own part (one file each): its descriptor, the family of drift facts it compares
/// and what each change says. `DriftCheck` does the rest.
protocol DriftRule: Sendable {
    static var descriptor: CheckDescriptor { get }
    /// The family of drift facts the check compares.
    static var family: DriftKey.Family { get }
    /// The changes between the recorded run's facts and this scan's, in report order.
    static func changes(_ facts: DriftComparison) -> [DriftChange]
}

/// One family's facts in the recorded run and in this scan.
struct DriftComparison {
    let now: DriftFacts
    let previous: DriftFacts
    /// The keys of the family in the recorded run.
    let oldKeys: Set<DriftKey>
    /// The keys of the family in this scan.
    let newKeys: Set<DriftKey>

    /// A digested file that changed, appeared or was removed: `subject` names what the file holds.
    func digestChanges(subject: String) -> [DriftChange] {
        newKeys.union(oldKeys).sorted().compactMap { key in
            guard now[key] != previous[key] else { return nil }
            let what = now[key] == nil ? "was removed" : (previous[key] == nil ? "appeared" : "changed")
            return DriftChange(
                key, "\(subject) \(what) since the last recorded run", evidence: "digest \(String((now[key] ?? "none").prefix(12)))")
        }
    }
}

/// One change since the recorded run: the fact's key, the finding's message and its evidence.
struct DriftChange {
    let key: DriftKey
    let message: String
    let evidence: String

    init(_ key: DriftKey, _ message: String, evidence: String) {
        self.key = key
        self.message = message
        self.evidence = evidence
    }
}

/// One drift check: compares one family of drift facts with the last recorded run.
struct DriftCheck<Rule: DriftRule>: ScanCheck {
    var descriptor: CheckDescriptor { Rule.descriptor }

    /// Without an earlier recorded run there is nothing to compare with.
    func isApplicable(_ scan: ScanSnapshot) -> Bool { scan.context.options.previousDrift != nil }

    func readsContent(of artifact: Artifact) -> Bool { DriftSnapshot.reads(artifact) }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let current = scan.shared.memo("drift-snapshot") { DriftSnapshot.build(scan) }
        scan.shared.publish(current.facts)
        guard let previous = scan.context.options.previousDrift else { return [] }
        let facts = DriftComparison(
            now: current.facts, previous: previous, oldKeys: previous.keys(of: Rule.family), newKeys: current.facts.keys(of: Rule.family))
        return Rule.changes(facts).map { finding($0, artifacts: current.artifacts) }
    }

    /// The finding for one change, placed in the file the fact came from.
    func finding(_ change: DriftChange, artifacts: [String: Artifact]) -> Finding {
        let key = change.key
        let keyPath = key.name.map { "extensions.\($0)" }
        if let artifact = artifacts[key.file] {
            return descriptor.finding(change.message, at: artifact, keyPath: keyPath, evidence: .fact(change.evidence))
        }
        // The file is gone since the recorded run: name it as the recorded run did.
        let slash = key.file.firstIndex(of: "/") ?? key.file.endIndex
        let root = String(key.file[..<slash])
        let path = slash < key.file.endIndex ? String(key.file[key.file.index(after: slash)...]) : ""
        return Finding(
            ruleID: descriptor.id, category: descriptor.category, severity: descriptor.severity, kind: descriptor.kind,
            title: descriptor.title, message: change.message, location: Location(root: root, path: path, keyPath: keyPath),
            fingerprintPath: key.file, evidence: .fact(change.evidence), remediation: descriptor.remediation)
    }
}
