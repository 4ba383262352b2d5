/// Planning a scan: which rules to run, and where, from one keyword pass.
extension SecretScanner {
    /// Which rules to run where: rule index → merged windows (nil: the whole text), by rule index.
    func plan(_ text: UnsafeBufferPointer<UInt8>, mode: Mode, only: Int?, session: MatchSession) -> [(Int, [ClosedRange<Int>]?)] {
        let selected = only.map { [$0] } ?? Array(compiled.indices)
        if mode == .wholeText { return selected.map { ($0, nil) } }
        // Per rule, by index (a hit lands in an array slot, not a hash table: there are millions). Windows
        // arrive in text order nearly always and are merged as they come; a rule that got one out of order
        // is merged again at the end (merging merged windows with the rest gives the same windows). The lists
        // come from the session, emptied, with the storage earlier scans grew.
        let space = session.planSpace ?? PlanSpace(rules: compiled.count)
        session.planSpace = nil
        defer { session.planSpace = space }
        var (windows, required, openings) = space.take()
        defer { space.keep(windows: &windows, required: &required, openings: &openings) }
        var unordered = [Bool](repeating: false, count: compiled.count)
        var whole = [Bool](repeating: false, count: compiled.count)
        for index in selected where facts[index].keywordless { whole[index] = true }
        var lines = LineStarts()
        let ends = automaton.ends(in: text)
        // Unsafe buffers: the per-rule lists are appended to millions of times.
        windows.withUnsafeMutableBufferPointer { windows in
            required.withUnsafeMutableBufferPointer { required in
                openings.withUnsafeMutableBufferPointer { openings in
                    actionStart.withUnsafeBufferPointer { actionStart in
                        actions.withUnsafeBufferPointer { actions in
                            for value in ends {
                                let (state, end) = KeywordAutomaton.unpack(value)
                                // The window start of the keyword starting at `keyword` (nil: not asked for yet).
                                var keyword = -1
                                var start: Int?
                                for slot in Int(actionStart[state])..<Int(actionStart[state + 1]) {
                                    let packed = actions[slot]
                                    let hit = end + 1 - packed &>> 32
                                    if hit != keyword { (keyword, start) = (hit, nil) }
                                    let action = packed & 0xFFFF_FFFF
                                    let index = action >> 2
                                    switch action & 3 {
                                    case 1: required[index].append(hit)
                                    case 2: openings[index].append(hit)
                                    default:
                                        if let only, only != index { continue }
                                        if spans[index] {
                                            whole[index] = true
                                            continue
                                        }
                                        let from = start ?? lines.windowStart(text, keyword: hit)
                                        start = from
                                        guard let last = windows[index].last, from >= last.lowerBound else {
                                            if !windows[index].isEmpty { unordered[index] = true }
                                            windows[index].append(from...hit)
                                            continue
                                        }
                                        if from <= last.upperBound + 1 {
                                            windows[index][windows[index].count - 1] = last.lowerBound...max(last.upperBound, hit)
                                        } else {
                                            windows[index].append(from...hit)
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
            } else if points.only[index] {
                guard only == nil || only == index else { continue }
                let list = points.positions(openings[index], rule: index, in: text)
                if !list.isEmpty { plan.append((index, list)) }
            } else if !windows[index].isEmpty {
                var list = unordered[index] ? Self.merge(windows[index]) : windows[index]
                if facts[index].lineRequires { list = Self.windows(list, holding: required[index], in: text) }
                if facts[index].startsWith { list = Self.points(openings[index], in: list) }
                if list.isEmpty { continue }
                plan.append((index, list))
            }
        }
        return plan
    }
}

/// Rules whose every `starts_with` literal holds one of their keywords: each such position lies in the keyword window of
/// the keyword it holds (the same line, fewer than `windowReach` bytes before it), so the positions are where the rule is
/// tried and its keyword windows need not be built. `near_start` narrows the positions further.
struct PointRules: Sendable {
    /// Whether rule `index` is searched at its positions only.
    let only: [Bool]
    /// Each rule's `near_start` (nil: none).
    private let near: [NearTest?]

    init(_ rules: [SecretRule]) {
        only = rules.map { rule in
            !rule.startsWith.isEmpty && rule.lineRequires.isEmpty && !rule.spansLines && !rule.keywords.isEmpty
                && rule.startsWith.allSatisfy { literal in
                    literal.utf8.count < SecretScanner.windowReach && rule.keywords.contains { literal.contains($0) }
                }
        }
        near = rules.map { $0.nearStart?.test }
    }

    /// The positions (in order, each once) where rule `index` is tried: `starts` that pass its `near_start`.
    func positions(_ starts: [Int], rule index: Int, in text: UnsafeBufferPointer<UInt8>) -> [ClosedRange<Int>] {
        // Keyword hits come in order of their ends: starts are in order but where two literals overlap.
        var sorted = starts
        if starts.count > 1, (1..<starts.count).contains(where: { starts[$0 - 1] > starts[$0] }) { sorted.sort() }
        var out: [ClosedRange<Int>] = []
        out.reserveCapacity(sorted.count)
        var previous = -1
        let near = near[index]
        for start in sorted where start != previous {
            previous = start
            if let near, !near.holds(at: start, in: text) { continue }
            out.append(start...start)
        }
        return out
    }
}

/// What the per-file loops ask of a rule (plain values: reading them retains nothing).
struct RuleFacts: Sendable {
    var keywordless: Bool
    var lineRequires: Bool
    var startsWith: Bool
    var generic: Bool
    var secretGroup: Int
    var minEntropy: Double?

    init(_ rule: SecretRule) {
        keywordless = rule.keywords.isEmpty
        lineRequires = !rule.lineRequires.isEmpty
        startsWith = !rule.startsWith.isEmpty
        generic = rule.generic
        secretGroup = rule.secretGroup
        minEntropy = rule.minEntropy
    }
}

/// Planning's per-rule lists, kept by a match session between scans: a scan takes them (empty, with the capacity
/// earlier scans grew) and gives them back, so that files do not grow the lists of a rule from nothing every time.
final class PlanSpace {
    private var windows: [[ClosedRange<Int>]]
    private var required: [[Int]]
    private var openings: [[Int]]

    init(rules: Int) {
        windows = Array(repeating: [], count: rules)
        required = Array(repeating: [], count: rules)
        openings = Array(repeating: [], count: rules)
    }

    /// The lists, empty; the space holds none until `keep`.
    func take() -> ([[ClosedRange<Int>]], [[Int]], [[Int]]) {
        defer { (windows, required, openings) = ([], [], []) }
        return (windows, required, openings)
    }

    /// Takes the lists back, emptied with their storage kept.
    func keep(windows: inout [[ClosedRange<Int>]], required: inout [[Int]], openings: inout [[Int]]) {
        for index in windows.indices {
            windows[index].removeAll(keepingCapacity: true)
            required[index].removeAll(keepingCapacity: true)
            openings[index].removeAll(keepingCapacity: true)
        }
        (self.windows, self.required, self.openings) = (windows, required, openings)
        (windows, required, openings) = ([], [], [])
    }
}
