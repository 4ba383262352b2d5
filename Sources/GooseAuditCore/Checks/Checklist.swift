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

    /// One item per check. A data-driven check (the secret rules) is one item, failing when any of its
    /// rules fails, so forty passing secret rules do not outweigh a real weakness.
    public init(outcomes: [CheckOutcome], descriptors: [CheckDescriptor]) {
        let byID = Dictionary(descriptors.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let groups = Dictionary(grouping: outcomes, by: \.group)
        items = groups.compactMap { group, members in
            guard let descriptor = byID[group] ?? members.lazy.compactMap({ byID[$0.checkID] }).first else { return nil }
            let statuses = Set(members.map(\.status))
            let status: CheckOutcome.Status =
                statuses.contains(.fail)
                ? .fail
                : statuses.contains(.pass)
                    ? .pass
                    : statuses.contains(.notApplicable) ? .notApplicable : .disabled
            // A check is worth the points of its most severe rule, whether it passes or fails.
            let severity = members.compactMap { byID[$0.checkID]?.severity }.max() ?? descriptor.severity
            let failing = members.filter { $0.status == .fail }.compactMap { byID[$0.checkID] }
            let fix = failing.first.map { Self.firstSentence($0.remediation) } ?? Self.firstSentence(descriptor.remediation)
            return Item(
                checkID: group, title: descriptor.title, category: descriptor.category, severity: severity,
                status: status, findings: members.reduce(0) { $0 + $1.findings }, fix: fix, weight: Self.weight(severity))
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
