/// The onboarding checklist: every check that applies, pass or fail, and the hardening index.
public struct Checklist: Sendable {
    public struct Item: Sendable, Hashable {
        public var checkID: String
        public var title: String
        public var category: Category
        public var severity: Severity
        public var status: CheckOutcome.Status
        public var findings: Int
        /// The one-line fix shown for a failure.
        public var fix: String
        public var weight: Int
    }

    public var items: [Item]

    /// Points a check is worth, by its default severity (documented in docs/checklist.md).
    public static func weight(_ severity: Severity) -> Int {
        switch severity {
        case .critical: 10
        case .high: 6
        case .medium: 3
        case .low: 1
        case .info: 0
        }
    }

    public init(outcomes: [CheckOutcome], descriptors: [CheckDescriptor]) {
        let byID = Dictionary(descriptors.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        items = outcomes.compactMap { outcome in
            guard let descriptor = byID[outcome.checkID] else { return nil }
            return Item(
                checkID: outcome.checkID, title: descriptor.title, category: descriptor.category,
                severity: descriptor.severity, status: outcome.status, findings: outcome.findings,
                fix: Self.firstSentence(descriptor.remediation), weight: Self.weight(descriptor.severity))
        }.sorted { ($0.category.rawValue, $0.checkID) < ($1.category.rawValue, $1.checkID) }
    }

    /// Points earned over points possible for the checks that ran (passed or failed), × 100, rounded
    /// down; 100 when nothing applicable carries weight.
    public var hardeningIndex: Int {
        let ran = items.filter { $0.status == .pass || $0.status == .fail }
        let possible = ran.reduce(0) { $0 + $1.weight }
        guard possible > 0 else { return 100 }
        let earned = ran.filter { $0.status == .pass }.reduce(0) { $0 + $1.weight }
        return earned * 100 / possible
    }

    public var passed: Int { items.filter { $0.status == .pass }.count }
    public var failed: Int { items.filter { $0.status == .fail }.count }
    public var notApplicable: Int { items.filter { $0.status == .notApplicable }.count }

    static func firstSentence(_ text: String) -> String {
        let trimmed = text.split(separator: "\n").first.map(String.init) ?? text
        if let end = trimmed.range(of: ". ") { return String(trimmed[..<end.lowerBound]) + "." }
        return trimmed
    }
}
