import Dispatch

/// Stage 3, inspect: every artifact check sees only the kinds it asked for, right after the artifact
/// is classified (so a file is read once for classification, the expanders and every artifact check,
/// and its content is let go before the next files are read); goose artifacts embedded in a file (see
/// `ArtifactExpander`) are inspected with it. Then every scan check sees the whole scan once.
public struct InspectStage: Sendable {
    public var context: ScanContext
    /// Finders of goose artifacts inside other files (here-documents, manifests, environment layers).
    public var expanders: [any ArtifactExpander]
    let artifactChecks: [any ArtifactCheck]
    let scanChecks: [any ScanCheck]

    public init(checks: [any Check], context: ScanContext, expanders: [any ArtifactExpander] = []) {
        self.context = context
        self.expanders = expanders
        artifactChecks = checks.compactMap { $0 as? any ArtifactCheck }
        scanChecks = checks.compactMap { $0 as? any ScanCheck }
    }

    /// Runs the artifact checks on one target and the artifacts embedded in it, then releases its
    /// content (memory must not grow with the tree; the suppression markers and the values checks kept
    /// stay), unless a scan check reads it again.
    public func inspect(_ target: CheckTarget) -> (findings: [Finding], notices: [Notice], embedded: [CheckTarget]) {
        let embedded = expanders.flatMap { $0.expand(target) }
        var host: [Finding] = []
        var inner: [Finding] = []
        var notices: [Notice] = []
        for each in [target] + embedded {
            for check in artifactChecks where check.descriptor.artifactKinds.contains(each.artifact.kind) {
                // The file-mode checks judge the host file itself, never the text it embeds.
                if each.artifact.embedding != nil, check.descriptor.category == .filesystem { continue }
                do {
                    let found = try check.inspect(each)
                    if each === target { host += found } else { inner += found }
                } catch {
                    let message = "check \(check.descriptor.id) failed: \(error)"
                    notices.append(Notice(kind: .checkFailed, path: each.artifact.path, message: message))
                }
            }
        }
        if !keepsContent(target.artifact) { target.release() }
        return (Scanner.dropEmbeddedDuplicates(host, embedded: inner), notices, embedded)
    }

    /// Whether a scan check reads the artifact's content again after the per-artifact pass.
    func keepsContent(_ artifact: Artifact) -> Bool { scanChecks.contains { $0.readsContent(of: artifact) } }

    /// Runs the scan checks once, and gives every finding the exposure fact of its artifact unless the
    /// check set one itself.
    /// `targets` are the scanned artifacts in scan order, then the embedded ones.
    public func inspectScan(
        _ targets: [CheckTarget], artifactFindings: [Finding]
    ) -> (findings: [Finding], notices: [Notice], snapshot: ScanSnapshot) {
        let snapshot = ScanSnapshot(targets: targets, context: context)
        var findings = artifactFindings
        var notices: [Notice] = []
        for check in scanChecks {
            do {
                findings += try check.inspectScan(snapshot)
            } catch {
                notices.append(Notice(kind: .checkFailed, path: "", message: "check \(check.descriptor.id) failed: \(error)"))
            }
        }
        // Deferred exposures (files inside a tree) are computed here for the artifacts with findings, in parallel.
        let pending = Array(Set(findings.compactMap { $0.exposure == nil ? $0.artifact : nil }))
        DispatchQueue.concurrentPerform(iterations: pending.count) { _ = snapshot.target(pending[$0])?.artifact.exposure }
        for index in findings.indices where findings[index].exposure == nil {
            findings[index].exposure = findings[index].artifact.flatMap { snapshot.target($0)?.artifact.exposure }
        }
        // The same rule at the same place with the same evidence is one finding, whichever way it was reached
        // (a unit's `Environment=` line read as text and as an environment layer); the first one stays.
        return (Scanner.uniqueByPlace(findings), notices, snapshot)
    }
}
