import GooseAuditCore

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
    /// For each distinct keyword, the rules that list it.
    private let rulesByKeyword: [[Int]]
    private let maxCaptures: Int

    /// Compiles `rules`. Refuses duplicate ids, unsafe patterns and patterns that do not compile.
    /// Examples are checked separately, by `verifyExamples()`.
    public init(rules: [SecretRule]) throws(RuleError) {
        var firstSource: [String: String] = [:]
        var compiled: [CompiledRule] = []
        var keywords: [String] = []
        var keywordIndex: [String: Int] = [:]
        var rulesByKeyword: [[Int]] = []
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
            for keyword in Set(rule.keywords) {
                let slot =
                    keywordIndex[keyword]
                    ?? {
                        keywords.append(keyword)
                        rulesByKeyword.append([])
                        keywordIndex[keyword] = keywords.count - 1
                        return keywords.count - 1
                    }()
                rulesByKeyword[slot].append(compiled.count)
            }
            compiled.append(CompiledRule(rule: rule, pattern: pattern, allow: allow, spansLines: rule.spansLines))
        }
        self.rules = rules
        self.compiled = compiled
        self.automaton = KeywordAutomaton(keywords: keywords)
        self.rulesByKeyword = rulesByKeyword
        self.maxCaptures = compiled.flatMap { [$0.pattern.captureCount] + $0.allow.map(\.captureCount) }.max() ?? 0
    }

    private static func compile(_ text: String, rule: SecretRule, field: String) throws(RuleError) -> CompiledPattern {
        do {
            return try CompiledPattern(text)
        } catch {
            throw .compile(file: rule.source, rule: rule.id, field: field, offset: error.offset, message: error.message)
        }
    }

    /// Checks every rule's examples: each true positive must be found by its rule, and no false
    /// positive may be. The first failure is thrown with the file, rule id and example index.
    public func verifyExamples() throws(RuleError) {
        for (index, entry) in compiled.enumerated() {
            let rule = entry.rule
            for (number, text) in rule.examples.truePositives.enumerated()
            where !scan(Array(text.utf8), only: index).matches.contains(where: { $0.ruleIndex == index }) {
                throw .examplePositiveMissed(file: rule.source, rule: rule.id, index: number)
            }
            for (number, text) in rule.examples.falsePositives.enumerated()
            where scan(Array(text.utf8), only: index).matches.contains(where: { $0.ruleIndex == index }) {
                throw .exampleNegativeMatched(file: rule.source, rule: rule.id, index: number)
            }
        }
    }

    /// Every secret in `bytes`, in text order. A generic rule's match is dropped when a specific
    /// rule found a secret overlapping it.
    public func scan(_ bytes: [UInt8], mode: Mode = .windowed) -> SecretScanOutcome {
        scan(bytes, mode: mode, only: nil)
    }

    func scan(_ bytes: [UInt8], mode: Mode = .windowed, only: Int?) -> SecretScanOutcome {
        guard !bytes.isEmpty, !compiled.isEmpty else { return SecretScanOutcome() }
        let session = MatchSession(maxCaptures: maxCaptures)
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

    /// Which rules to run where: rule index → merged windows (nil: the whole text).
    private func plan(_ text: UnsafeBufferPointer<UInt8>, mode: Mode, only: Int?) -> [(Int, [ClosedRange<Int>]?)] {
        let selected = only.map { [$0] } ?? Array(compiled.indices)
        if mode == .wholeText { return selected.map { ($0, nil) } }
        var windows: [Int: [ClosedRange<Int>]] = [:]
        var whole = Set<Int>()
        for index in selected where compiled[index].rule.keywords.isEmpty { whole.insert(index) }
        for hit in automaton.hits(in: text) {
            for index in rulesByKeyword[hit.keyword] where only == nil || only == index {
                if compiled[index].spansLines {
                    whole.insert(index)
                } else {
                    windows[index, default: []].append(Self.windowStart(text, keyword: hit.start)...hit.start)
                }
            }
        }
        var plan: [(Int, [ClosedRange<Int>]?)] = whole.map { ($0, nil) }
        for (index, list) in windows where !whole.contains(index) { plan.append((index, Self.merge(list))) }
        return plan.sorted { $0.0 < $1.0 }
    }

    /// The start of the keyword's line, at most `windowReach` bytes back.
    private static func windowStart(_ text: UnsafeBufferPointer<UInt8>, keyword: Int) -> Int {
        let floor = max(0, keyword - windowReach)
        var cursor = keyword
        while cursor > floor, text[cursor - 1] != UInt8(ascii: "\n") { cursor -= 1 }
        return cursor
    }

    private static func merge(_ windows: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var merged: [ClosedRange<Int>] = []
        for window in windows.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, window.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, window.upperBound)
            } else {
                merged.append(window)
            }
        }
        return merged
    }

    /// Non-overlapping leftmost-first matches that start inside `windows` (or anywhere).
    private static func matches(
        _ pattern: CompiledPattern, in text: UnsafeBufferPointer<UInt8>, windows: [ClosedRange<Int>]?, session: MatchSession
    ) -> [MatchSession.Groups] {
        var out: [MatchSession.Groups] = []
        var next = 0
        for window in windows ?? [0...text.count] {
            var start = max(window.lowerBound, next)
            while start <= window.upperBound, start <= text.count {
                guard let groups = session.firstMatch(pattern, in: text, from: start, startLimit: windows == nil ? nil : window.upperBound),
                    let whole = groups[0]
                else { break }
                out.append(groups)
                next = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
                start = next
            }
        }
        return out
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

/// Byte offset → 1-based line and column (column counted in Unicode scalars). Asked in increasing
/// offset order, it counts each line's scalars once (it resumes from the previous answer).
struct LineIndex {
    private let text: UnsafeBufferPointer<UInt8>
    private let starts: [Int]
    private var last: (offset: Int, line: Int, column: Int) = (-1, 0, 0)

    init(_ text: UnsafeBufferPointer<UInt8>) {
        self.text = text
        var starts = [0]
        for offset in 0..<text.count where text[offset] == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.starts = starts
    }

    mutating func position(of offset: Int) -> (line: Int, column: Int) {
        if last.offset >= 0, last.offset <= offset, starts.count <= last.line || starts[last.line] > offset {
            var column = last.column
            for index in last.offset..<offset where text[index] & 0xC0 != 0x80 { column += 1 }
            last = (offset, last.line, column)
            return (last.line, column)
        }
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let mid = (low + high) / 2
            if starts[mid] <= offset { low = mid } else { high = mid }
        }
        var column = 1
        for index in starts[low]..<offset where text[index] & 0xC0 != 0x80 { column += 1 }
        last = (offset, low + 1, column)
        return (low + 1, column)
    }
}
