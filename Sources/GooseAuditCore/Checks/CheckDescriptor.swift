/// Everything a check says about itself: the single source of its documentation, its examples
/// and its findings' defaults.
public struct CheckDescriptor: Sendable {
    /// Stable snake_case identifier that names the weakness; never reused.
    public var id: String
    public var title: String
    /// One sentence: what the check looks for.
    public var summary: String
    /// Why it matters for goose.
    public var rationale: String
    /// What to do about a finding.
    public var remediation: String
    public var severity: Severity
    public var category: Category
    public var kind: FindingKind
    /// The artifact kinds the check inspects; the pipeline shows it nothing else.
    public var artifactKinds: Set<ArtifactKind>
    /// CWE ids and documentation links.
    public var references: [String]
    /// Fixture trees that must and must not trigger the check.
    public var examples: [CheckExample]
    /// Whether hardening mode can fix a finding of this check.
    public var fixable: Bool

    public init(
        id: String, title: String, summary: String, rationale: String, remediation: String, severity: Severity,
        category: Category, kind: FindingKind, artifactKinds: Set<ArtifactKind>, references: [String] = [],
        examples: [CheckExample] = [], fixable: Bool = false
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.rationale = rationale
        self.remediation = remediation
        self.severity = severity
        self.category = category
        self.kind = kind
        self.artifactKinds = artifactKinds
        self.references = references
        self.examples = examples
        self.fixable = fixable
    }

    /// A finding of this check in `artifact` (whose identity the finding keeps), with the check's defaults filled in.
    public func finding(
        _ message: String, at artifact: Artifact, line: Int? = nil, column: Int? = nil, keyPath: String? = nil,
        evidence: Evidence, severity: Severity? = nil, confidence: Confidence = .high, remediation: String? = nil
    ) -> Finding {
        var finding = Finding(
            ruleID: id, category: category, severity: severity ?? self.severity, confidence: confidence, kind: kind,
            title: title, message: message, location: artifact.location(line: line, column: column, keyPath: keyPath),
            fingerprintPath: artifact.fingerprintPath, evidence: evidence, remediation: remediation ?? self.remediation)
        finding.artifact = artifact.id
        // goose configuration inside another file is reported at its line in that file.
        artifact.embedding?.relocate(&finding)
        return finding
    }
}
