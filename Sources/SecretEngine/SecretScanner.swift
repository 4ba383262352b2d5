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
    private let compiled: [CompiledRule]
    private let automaton: KeywordAutomaton
    /// What each literal of the automaton asks for, flattened: literal `k` owns
    /// `actions[actionStart[k]..<actionStart[k + 1]]`, each `rule << 2 | kind` (0: the rule lists it as a
    /// keyword, 1: in `line_requires`, 2: in `starts_with`). Read for every keyword hit, without touching a
    /// rule (no reference counting).
    private let actionStart: [Int32]
    private let actions: [Int32]
    /// Each rule's `spansLines`.
    private let spans: [Bool]
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
        self.automaton = KeywordAutomaton(keywords: keywords)
        self.actionStart = literalActions.reduce(into: [0]) { $0.append($0.last! + Int32($1.count)) }
        self.actions = Array(literalActions.joined())
        self.spans = compiled.map(\.spansLines)
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
            for (index, windows) in plan(text, mode: mode, only: only) {
                let entry = compiled[index]
                for groups in Self.matches(entry.pattern, in: text, windows: windows, session: session) {
                    guard let range = accept(entry, groups: groups, text: text, session: session) else { continue }
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
        let specific = found.filter { !compiled[$0.ruleIndex].rule.generic }.map(\.range)
        var reach: [Int] = []
        reach.reserveCapacity(specific.count)
        for range in specific { reach.append(max(reach.last ?? Int.min, range.upperBound)) }
        let kept = found.filter { match in
            guard compiled[match.ruleIndex].rule.generic else { return true }
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

    /// Which rules to run where: rule index → merged windows (nil: the whole text), by rule index.
    private func plan(_ text: UnsafeBufferPointer<UInt8>, mode: Mode, only: Int?) -> [(Int, [ClosedRange<Int>]?)] {
        let selected = only.map { [$0] } ?? Array(compiled.indices)
        if mode == .wholeText { return selected.map { ($0, nil) } }
        // Per rule, by index (a hit lands in an array slot, not a hash table: there are millions). Windows
        // arrive in text order nearly always and are merged as they come; a rule that got one out of order
        // is merged again at the end (merging merged windows with the rest gives the same windows).
        var windows = [[ClosedRange<Int>]](repeating: [], count: compiled.count)
        var unordered = [Bool](repeating: false, count: compiled.count)
        var whole = [Bool](repeating: false, count: compiled.count)
        var required = [[Int]](repeating: [], count: compiled.count)
        var openings = [[Int]](repeating: [], count: compiled.count)
        for index in selected where compiled[index].rule.keywords.isEmpty { whole[index] = true }
        var lines = LineStarts()
        let hits = automaton.hits(in: text)
        // Unsafe buffers: the per-rule lists are appended to millions of times.
        windows.withUnsafeMutableBufferPointer { windows in
            required.withUnsafeMutableBufferPointer { required in
                openings.withUnsafeMutableBufferPointer { openings in
                    actionStart.withUnsafeBufferPointer { actionStart in
                        actions.withUnsafeBufferPointer { actions in
                            for hit in hits {
                                var start: Int?
                                for slot in Int(actionStart[hit.keyword])..<Int(actionStart[hit.keyword + 1]) {
                                    let action = Int(actions[slot])
                                    let index = action >> 2
                                    switch action & 3 {
                                    case 1: required[index].append(hit.start)
                                    case 2: openings[index].append(hit.start)
                                    default:
                                        if let only, only != index { continue }
                                        if spans[index] {
                                            whole[index] = true
                                            continue
                                        }
                                        let from = start ?? lines.windowStart(text, keyword: hit.start)
                                        start = from
                                        guard let last = windows[index].last, from >= last.lowerBound else {
                                            if !windows[index].isEmpty { unordered[index] = true }
                                            windows[index].append(from...hit.start)
                                            continue
                                        }
                                        if from <= last.upperBound + 1 {
                                            windows[index][windows[index].count - 1] = last.lowerBound...max(last.upperBound, hit.start)
                                        } else {
                                            windows[index].append(from...hit.start)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var plan: [(Int, [ClosedRange<Int>]?)] = []
        for index in compiled.indices {
            if whole[index] {
                plan.append((index, nil))
            } else if !windows[index].isEmpty {
                var list = unordered[index] ? Self.merge(windows[index]) : windows[index]
                let rule = compiled[index].rule
                if !rule.lineRequires.isEmpty { list = Self.windows(list, holding: required[index], in: text) }
                if !rule.startsWith.isEmpty { list = Self.points(openings[index], in: list) }
                if list.isEmpty { continue }
                plan.append((index, list))
            }
        }
        return plan
    }

    /// The secret's byte range when the match passes the rule's filters, else nil.
    private func accept(
        _ entry: CompiledRule, groups: MatchSession.Groups, text: UnsafeBufferPointer<UInt8>, session: MatchSession
    ) -> Range<Int>? {
        let rule = entry.rule
        let range: Range<Int>?
        if rule.secretGroup > 0 {
            range = rule.secretGroup < groups.count ? groups[rule.secretGroup] : nil
        } else {
            range = groups.dropFirst().first { $0.map { !$0.isEmpty } ?? false } ?? groups[0]
        }
        guard let range, !range.isEmpty else { return nil }
        let bytes = Array(UnsafeBufferPointer(rebasing: text[range]))
        if let minimum = rule.minEntropy, Entropy.shannon(bytes) < minimum { return nil }
        // A generic match must look random: letters and digits, not a word or an identifier.
        if rule.generic, !GenericValue.isPlausible(bytes) { return nil }
        let value = String(decoding: bytes, as: UTF8.self)
        if Placeholder.matches(value) { return nil }
        let lower = value.lowercased()
        if rule.stopWords.contains(where: { lower.contains($0) }) { return nil }
        if entry.allow.contains(where: { session.matches($0, bytes) }) { return nil }
        return range
    }
}
