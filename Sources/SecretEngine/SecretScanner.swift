import Dispatch
import GooseAuditCore
import Synchronization

/// Finds secrets in bytes with a rule set: one keyword pass (Aho-Corasick), then PCRE2-JIT only in
/// keyword windows (from the keyword's line start, at most `windowReach` bytes back, up to the
/// keyword). Rules that can span lines, and rules without keywords, run over the whole text.
public struct SecretScanner: Sendable {
    /// How far before a keyword a match may start.
    public static let windowReach = 512

    /// How to search: keyword windows (the default), or every rule over the whole text (the
    /// reference the windowed search is tested against).
    public enum Mode: Sendable {
        case windowed
        case wholeText
    }

    struct CompiledRule: Sendable {
        var rule: SecretRule
        var pattern: CompiledPattern
        var allow: [CompiledPattern]
        /// `rule.spansLines`, computed once (it is asked for every keyword hit).
        var spansLines: Bool
    }

    public let rules: [SecretRule]
    let compiled: [CompiledRule]
    let automaton: KeywordAutomaton
    /// What the keywords ending in each automaton state ask for, flattened: state `s` owns
    /// `actions[actionStart[s]..<actionStart[s + 1]]`, each `length << 32 | rule << 2 | kind` (the keyword's
    /// length; kind 0: the rule lists it as a keyword, 1: in `line_requires`, 2: in `starts_with`), keywords
    /// longest first. Read for every place keywords end, without touching a rule (no reference counting).
    let actionStart: [Int32]
    let actions: [Int]
    /// Each rule's `spansLines`.
    let spans: [Bool]
    /// What the per-file loops ask of each rule, without copying it (a `SecretRule` copy retains a dozen strings and lists).
    let facts: [RuleFacts]
    /// Rules searched only at their `starts_with` positions (no keyword windows needed), and each rule's `near_start` test.
    let points: PointRules
    private let maxCaptures: Int
    /// Match sessions reused from file to file.
    private let sessions: SessionPool
    /// Each rule's index by id.
    private let indexByID: [String: Int]

    /// Compiles `rules`. Refuses duplicate ids, unsafe patterns and patterns that do not compile.
    /// Examples are checked separately, by `verifyExamples()`.
    public init(rules: [SecretRule]) throws(RuleError) {
        var firstSource: [String: String] = [:]
        var compiled: [CompiledRule] = []
        var keywords: [String] = []
        var keywordIndex: [String: Int] = [:]
        // Per literal (keywords, and the literals of `line_requires` and `starts_with`): `rule << 2 | kind`.
        var literalActions: [[Int32]] = []
        for rule in rules {
            if let first = firstSource[rule.id] { throw .duplicateID(file: rule.source, rule: rule.id, firstFile: first) }
            firstSource[rule.id] = rule.source
            if let reason = PatternSafety.problem(in: rule.pattern) {
                throw .unsafePattern(file: rule.source, rule: rule.id, reason: reason)
            }
            let pattern = try Self.compile(rule.pattern, rule: rule, field: "pattern")
            var allow: [CompiledPattern] = []
            for (index, text) in rule.allowPatterns.enumerated() {
                if let reason = PatternSafety.problem(in: text) {
                    throw .unsafePattern(file: rule.source, rule: rule.id, reason: "allow_patterns[\(index)]: \(reason)")
                }
                allow.append(try Self.compile(text, rule: rule, field: "allow_patterns[\(index)]"))
            }
            func slot(_ literal: String) -> Int {
                if let known = keywordIndex[literal] { return known }
                keywords.append(literal)
                literalActions.append([])
                keywordIndex[literal] = keywords.count - 1
                return keywords.count - 1
            }
            let rule32 = Int32(compiled.count) << 2
            for keyword in Set(rule.keywords) { literalActions[slot(keyword)].append(rule32) }
            for literal in Set(rule.lineRequires) { literalActions[slot(literal)].append(rule32 | 1) }
            for literal in Set(rule.startsWith) { literalActions[slot(literal)].append(rule32 | 2) }
            compiled.append(CompiledRule(rule: rule, pattern: pattern, allow: allow, spansLines: rule.spansLines))
        }
        self.rules = rules
        self.compiled = compiled
        let points = PointRules(compiled.map(\.rule))
        // A points-only rule's keyword hits would only build windows its positions always lie in: they are not asked for.
        // A literal no rule asks for any more is left out of the automaton.
        literalActions = literalActions.map { list in list.filter { $0 & 3 != 0 || !points.only[Int($0 >> 2)] } }
        let asked = literalActions.indices.filter { !literalActions[$0].isEmpty }
        literalActions = asked.map { literalActions[$0] }
        self.points = points
        let automaton = KeywordAutomaton(keywords: asked.map { keywords[$0] })
        self.automaton = automaton
        var actionStart: [Int32] = [0]
        var actions: [Int] = []
        for state in 0..<automaton.stateCount {
            for keyword in automaton.keywords(endingIn: state) {
                let length = automaton.length(of: keyword)
                actions += literalActions[keyword].map { length << 32 | Int($0) }
            }
            actionStart.append(Int32(actions.count))
        }
        self.actionStart = actionStart
        self.actions = actions
        self.spans = compiled.map(\.spansLines)
        self.facts = compiled.map { RuleFacts($0.rule) }
        self.indexByID = Dictionary(compiled.enumerated().map { ($1.rule.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.maxCaptures = compiled.flatMap { [$0.pattern.captureCount] + $0.allow.map(\.captureCount) }.max() ?? 0
        self.sessions = SessionPool(maxCaptures: maxCaptures)
    }

    private static func compile(_ text: String, rule: SecretRule, field: String) throws(RuleError) -> CompiledPattern {
        do {
            return try CompiledPattern(text)
        } catch {
            throw .compile(file: rule.source, rule: rule.id, field: field, offset: error.offset, message: error.message)
        }
    }

    /// The rule with id `id`, if the set has one (a hash lookup, not a walk over the rules).
    public func rule(withID id: String) -> SecretRule? { indexByID[id].map { compiled[$0].rule } }

    /// Checks every rule's examples: each true positive must be found by its rule, and no false
    /// positive may be. The first failure is thrown with the file, rule id and example index.
    public func verifyExamples() throws(RuleError) {
        // Each rule on its own (in parallel: this is start-up time before any file is read); the first
        // failure in rule order is the one reported, as a loop over the rules would report it.
        let failures = Mutex<[RuleError?]>(Array(repeating: nil, count: compiled.count))
        DispatchQueue.concurrentPerform(iterations: compiled.count) { index in
            if let failure = exampleFailure(index) { failures.withLock { $0[index] = failure } }
        }
        if let first = failures.withLock({ $0.compactMap { $0 }.first }) { throw first }
    }

    /// The first of rule `index`'s examples that it gets wrong, as the error to report.
    private func exampleFailure(_ index: Int) -> RuleError? {
        let rule = compiled[index].rule
        for (number, text) in rule.examples.truePositives.enumerated()
        where !scan(Array(text.utf8), only: index).matches.contains(where: { $0.ruleIndex == index }) {
            return .examplePositiveMissed(file: rule.source, rule: rule.id, index: number)
        }
        for (number, text) in rule.examples.falsePositives.enumerated()
        where scan(Array(text.utf8), only: index).matches.contains(where: { $0.ruleIndex == index }) {
            return .exampleNegativeMatched(file: rule.source, rule: rule.id, index: number)
        }
        return nil
    }

    /// Every secret in `bytes`, in text order. A generic rule's match is dropped when a specific
    /// rule found a secret overlapping it.
    public func scan(_ bytes: [UInt8], mode: Mode = .windowed) -> SecretScanOutcome {
        scan(bytes, mode: mode, only: nil)
    }

    func scan(_ bytes: [UInt8], mode: Mode = .windowed, only: Int?) -> SecretScanOutcome {
        guard !bytes.isEmpty, !compiled.isEmpty else { return SecretScanOutcome() }
        return sessions.withSession { session in scan(bytes, mode: mode, only: only, session: session) }
    }

    private func scan(_ bytes: [UInt8], mode: Mode, only: Int?, session: MatchSession) -> SecretScanOutcome {
        var found: [SecretMatch] = []
        bytes.withUnsafeBufferPointer { text in
            var accepted: [(rule: Int, match: Range<Int>, secret: Range<Int>)] = []
            for (index, windows) in plan(text, mode: mode, only: only, session: session) {
                for groups in Self.matches(compiled[index].pattern, in: text, windows: windows, session: session) {
                    guard let range = accept(index, groups: groups, text: text, session: session) else { continue }
                    accepted.append((index, groups[0]!, range))
                }
            }
            guard !accepted.isEmpty else { return }
            // In text order, so that positions are found by one forward sweep (columns on a long line
            // are counted once, not from the line start for every match).
            accepted.sort { ($0.secret.lowerBound, $0.rule) < ($1.secret.lowerBound, $1.rule) }
            var lines = LineIndex(text)
            for (index, match, range) in accepted {
                let (line, column) = lines.position(of: range.lowerBound)
                let rule = compiled[index].rule
                // The name before the value, with up to 40 bytes before the keyword on its line
                // (`refresh_` of `refresh_token`): what the secret opens is in the name.
                var nameStart = match.lowerBound
                while nameStart > max(0, match.lowerBound - 40), text[nameStart - 1] != UInt8(ascii: "\n") { nameStart -= 1 }
                let name = UnsafeBufferPointer(rebasing: text[nameStart..<max(nameStart, range.lowerBound)])
                found.append(
                    SecretMatch(
                        ruleID: rule.id, ruleIndex: index, range: range, matchRange: match, line: line,
                        column: column, secret: String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self),
                        severity: SecretReport.severity(of: rule, name: name)))
            }
        }
        // `found` is in text order, so the specific ranges are sorted by start: a generic match
        // overlaps one iff, among those starting before it ends (a binary search), the furthest end
        // (a prefix maximum) lies past its start. O(n log n), not a scan of every pair.
        let specific = found.filter { !facts[$0.ruleIndex].generic }.map(\.range)
        var reach: [Int] = []
        reach.reserveCapacity(specific.count)
        for range in specific { reach.append(max(reach.last ?? Int.min, range.upperBound)) }
        let kept = found.filter { match in
            guard facts[match.ruleIndex].generic else { return true }
            var low = 0
            var high = specific.count
            while low < high {
                let mid = (low + high) / 2
                if specific[mid].lowerBound < match.range.upperBound { low = mid + 1 } else { high = mid }
            }
            return low == 0 || reach[low - 1] <= match.range.lowerBound
        }
        return SecretScanOutcome(matches: kept, limitHits: session.limitHits)
    }

    /// The secret's byte range when rule `index`'s match passes the rule's filters, else nil.
    private func accept(_ index: Int, groups: MatchSession.Groups, text: UnsafeBufferPointer<UInt8>, session: MatchSession) -> Range<Int>? {
        let facts = facts[index]
        let range: Range<Int>?
        if facts.secretGroup > 0 {
            range = facts.secretGroup < groups.count ? groups[facts.secretGroup] : nil
        } else {
            range = groups.dropFirst().first { $0.map { !$0.isEmpty } ?? false } ?? groups[0]
        }
        guard let range, !range.isEmpty else { return nil }
        let bytes = UnsafeBufferPointer(rebasing: text[range])
        // A generic match must look random: letters and digits, not a word or an identifier (asked first: it is the
        // cheaper test, and both must pass).
        if facts.generic, !GenericValue.isPlausible(bytes) { return nil }
        if let minimum = facts.minEntropy, Entropy.shannon(bytes) < minimum { return nil }
        let value = String(decoding: bytes, as: UTF8.self)
        if Placeholder.matches(value) { return nil }
        let entry = compiled[index]
        if !entry.rule.stopWords.isEmpty {
            let lower = value.lowercased()
            if entry.rule.stopWords.contains(where: { lower.contains($0) }) { return nil }
        }
        if entry.allow.contains(where: { session.matches($0, Array(bytes)) }) { return nil }
        return range
    }
}
