import Synchronization

/// What every check can know about the scan as a whole.
public struct ScanContext: Sendable {
    public var environment: GooseEnvironment
    public var locations: GooseLocations
    public var options: ScanOptions

    public init(environment: GooseEnvironment, locations: GooseLocations, options: ScanOptions) {
        self.environment = environment
        self.locations = locations
        self.options = options
    }
}

/// Every artifact of a scan, for checks that correlate files.
public struct ScanSnapshot: Sendable {
    public var targets: [CheckTarget]
    public var context: ScanContext
    /// Values shared by scan-level checks, and facts they publish into the result.
    public let shared: ScanShared

    public init(targets: [CheckTarget], context: ScanContext, shared: ScanShared = ScanShared()) {
        self.targets = targets
        self.context = context
        self.shared = shared
    }

    /// The target of the artifact a finding names.
    public func target(_ id: ArtifactID) -> CheckTarget? { Self.target(id, in: targets) }

    /// The target of `id` among the targets of its scan (nil for an id of another scan).
    static func target(_ id: ArtifactID, in targets: [CheckTarget]) -> CheckTarget? {
        guard targets.indices.contains(id.index), targets[id.index].artifact.path == id.path else { return nil }
        return targets[id.index]
    }

    /// The targets whose artifact is of one of `kinds`, in path order.
    public func targets(of kinds: Set<ArtifactKind>) -> [CheckTarget] {
        targets.filter { kinds.contains($0.artifact.kind) }
    }
}

/// State shared by the scan-level checks of one scan: a memo for values several checks derive, and
/// the drift snapshot (never secrets: names, digests, settings) that ends up in `ScanResult.drift`.
public final class ScanShared: Sendable {
    private let state = Mutex<(memo: [String: any Sendable], drift: DriftFacts)>(([:], DriftFacts()))

    public init() {}

    public func memo<T: Sendable>(_ key: String, _ make: () -> T) -> T {
        // Look the entry up first: casting a missing entry to an optional `T` would succeed with nil.
        if let stored = state.withLock({ $0.memo[key] }), let value = stored as? T { return value }
        let value = make()
        state.withLock { $0.memo[key] = value }
        return value
    }

    /// Adds drift facts for `--record` to store.
    public func publish(_ facts: DriftFacts) {
        state.withLock { $0.drift.values.merge(facts.values) { _, new in new } }
    }

    public var drift: DriftFacts { state.withLock { $0.drift } }
}
