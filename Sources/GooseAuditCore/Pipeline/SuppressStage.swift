/// Stage 4, suppress: the configuration (rules of a data-driven check disabled one by one, severity
/// overrides), then version scoping (rules that only mean something on some goose releases, see
/// docs/goose-surface.md), then inline `goose-audit:ignore` comments, then checkout mode (file-mode findings on files
/// git tracks are left out), then the baseline. Suppressed findings are kept and marked.
public struct SuppressStage: Sendable {
    public var context: ScanContext
    public var options: ScanOptions { context.options }

    public init(context: ScanContext) {
        self.context = context
    }

    /// `versions` are the goose versions installed (`ScanSnapshot.gooseVersions`).
    public func run(
        _ inspected: [Finding], targets: [CheckTarget], versions: [GooseVersion]
    ) -> (findings: [Finding], notices: [Notice], baselined: Int) {
        var findings = inspected.filter { !options.disabledChecks.contains($0.ruleID) }
        for index in findings.indices {
            if let severity = options.severityOverrides[findings[index].ruleID] { findings[index].severity = severity }
        }
        var notices: [Notice] = []
        (findings, notices) = VersionScope.apply(findings, versions: versions)
        if options.inlineSuppressions {
            var reported = Set<String>()
            for index in findings.indices {
                guard let line = findings[index].location.line, let id = findings[index].artifact,
                    let target = ScanSnapshot.target(id, in: targets),
                    !target.artifact.kind.isWrittenFromConversation,
                    let markers = target.suppressionMarkers
                else { continue }
                switch InlineSuppression.find(ruleID: findings[index].ruleID, line: line, in: markers) {
                case .suppressed(let reason):
                    findings[index].suppression = Suppression(source: .inline, reason: reason)
                case .missingReason(let at):
                    if reported.insert("\(target.artifact.path):\(at)").inserted {
                        let message = "line \(at): goose-audit:ignore without a reason is not honoured"
                        notices.append(Notice(kind: .other, path: target.artifact.path, message: message))
                    }
                case .none:
                    break
                }
            }
        }
        let checkout = CheckoutMode.filter(findings, targets: targets, context: context)
        findings = checkout.kept
        if checkout.leftOut > 0 {
            let message =
                "left out \(checkout.leftOut) file-mode finding(s) on files git tracks: git does not carry modes, owners or ACLs (--checkout-modes reports them)"
            notices.append(Notice(kind: .other, path: "", message: message))
        }
        let baselined = options.baseline?.apply(to: &findings) ?? 0
        notices += options.baseline?.notices ?? []
        return (findings, notices, baselined)
    }
}
