import GooseAuditCore

/// The documented risk score (0–100) and the one deterministic order every renderer uses.
/// See `docs/ranking.md` for the formula and worked examples.
public enum Ranking {
    /// Base points by severity.
    public static func base(_ severity: Severity) -> Double {
        switch severity {
        case .critical: 80
        case .high: 60
        case .medium: 40
        case .low: 20
        case .info: 5
        }
    }

    /// Extra points when the file holding a credential or a dangerous setting is reachable by others.
    /// Exposure findings already carry the exposure in their severity and get no bonus. A readable
    /// credential earns at least 25, so a high key others can read (85) outranks the critical
    /// exposure finding about the same file (80).
    public static func exposureBonus(_ finding: Finding) -> Double {
        guard finding.kind != .exposure, let exposure = finding.exposure else { return 0 }
        switch finding.kind {
        case .credential:
            return [0, 25, 30][exposure.readLevel] + [0, 5, 10][exposure.writeLevel]
        case .configuration:
            return [0, 10, 20][exposure.writeLevel]
        case .exposure, .hygiene:
            return 0
        }
    }

    /// Scales the score by how sure the check is.
    public static func confidenceFactor(_ confidence: Confidence) -> Double {
        switch confidence {
        case .high: 1.0
        case .medium: 0.85
        case .low: 0.7
        }
    }

    /// Hygiene advice sinks below weaknesses of the same severity.
    public static func kindAdjustment(_ kind: FindingKind) -> Double {
        kind == .hygiene ? -10 : 0
    }

    /// `clamp(round((base + exposure bonus + kind adjustment) × confidence factor), 0, 100)`.
    public static func score(_ finding: Finding) -> Int {
        let raw = (base(finding.severity) + exposureBonus(finding) + kindAdjustment(finding.kind)) * confidenceFactor(finding.confidence)
        return min(100, max(0, Int(raw.rounded())))
    }

    /// Scores every finding and sorts: unsuppressed first, then score, severity, check id, path, line.
    public static func rank(_ findings: [Finding]) -> [Finding] {
        var scored = findings
        for index in scored.indices { scored[index].riskScore = score(scored[index]) }
        // Positions are sorted, not findings (a sort moves its elements many times, and a finding is large).
        let positions = scored.withUnsafeBufferPointer { scored in scored.indices.sorted { order(scored[$0], scored[$1]) } }
        return positions.map { scored[$0] }
    }

    /// The total order of findings in every report.
    public static func order(_ a: Finding, _ b: Finding) -> Bool {
        if (a.suppression == nil) != (b.suppression == nil) { return a.suppression == nil }
        if a.riskScore != b.riskScore { return a.riskScore > b.riskScore }
        if a.severity != b.severity { return a.severity > b.severity }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        if a.location.root != b.location.root { return a.location.root < b.location.root }
        if a.location.path != b.location.path { return a.location.path < b.location.path }
        if (a.location.line ?? 0) != (b.location.line ?? 0) { return (a.location.line ?? 0) < (b.location.line ?? 0) }
        return a.fingerprint < b.fingerprint
    }
}
