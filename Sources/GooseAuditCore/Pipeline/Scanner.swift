import Dispatch
import Foundation
import Synchronization

/// The pipeline up to the report: discover → classify → inspect → suppress, each a stage of its
/// own. Ranking and rendering belong to the report generator.
public struct Scanner: Sendable {
    public var checks: [any Check]
    public var context: ScanContext
    /// Finders of goose artifacts inside other files (here-documents, manifests, environment layers).
    public var expanders: [any ArtifactExpander]

    public init(checks: [any Check], context: ScanContext, expanders: [any ArtifactExpander] = []) {
        self.checks = checks
        self.context = context
        self.expanders = expanders
    }

    /// Runs every stage once over the roots of `context.options`.
    public func scan() -> ScanResult {
        let started = Date()
        let options = context.options
        let active = checks.filter { !options.disabledChecks.contains($0.descriptor.id) }
        let discovered = DiscoverStage(options: options).run()
        let classify = ClassifyStage(context: context)
        let inspect = InspectStage(checks: active, context: context, expanders: expanders)
        // Classify and inspect each artifact in one pass, in parallel: its content is read once and let go.
        typealias Inspected = (target: CheckTarget, findings: [Finding], notices: [Notice], embedded: [CheckTarget])
        let slots = Mutex<[Inspected?]>(Array(repeating: nil, count: discovered.entries.count))
        DispatchQueue.concurrentPerform(iterations: discovered.entries.count) { index in
            let target = classify.classify(discovered.entries[index], index: index)
            let (findings, notices, embedded) = inspect.inspect(target)
            slots.withLock { $0[index] = (target, findings, notices, embedded) }
        }
        let inspected = slots.withLock { $0.compactMap { $0 } }
        let targets = inspected.map(\.target)
        let scanned = inspect.inspectScan(targets + inspected.flatMap(\.embedded), artifactFindings: inspected.flatMap(\.findings))
        let suppressed = SuppressStage(context: context).run(
            scanned.findings, targets: targets, versions: scanned.snapshot.gooseVersions)

        let notices =
            discovered.notices + classify.notices(targets) + active.flatMap(\.setupNotices) + inspected.flatMap(\.notices)
            + scanned.notices + suppressed.notices + targets.flatMap(\.notices)
        let descriptors = active.flatMap(\.ruleDescriptors).filter { !options.disabledChecks.contains($0.id) }.map { descriptor in
            var descriptor = descriptor
            descriptor.severity = options.severityOverrides[descriptor.id] ?? descriptor.severity
            return descriptor
        }
        let outcomes = CheckOutcome.all(
            checks: checks, disabled: options.disabledChecks, findings: suppressed.findings, snapshot: scanned.snapshot)
        return ScanResult(
            roots: options.roots, findings: suppressed.findings.sorted { $0.fingerprint < $1.fingerprint },
            notices: Self.dedupe(notices), outcomes: outcomes, descriptors: descriptors,
            artifactsExamined: targets.count, suppressedByBaseline: suppressed.baselined,
            filesRead: targets.filter { $0.artifact.metadata.type == .regular }.count,
            duration: Date().timeIntervalSince(started), drift: scanned.snapshot.shared.drift,
            gooseVersions: scanned.snapshot.gooseVersions.map(\.text))
    }

    static func dedupe(_ notices: [Notice]) -> [Notice] {
        var seen = Set<Notice>()
        return notices.filter { seen.insert($0).inserted }.sorted { ($0.path, $0.message) < ($1.path, $1.message) }
    }
}
