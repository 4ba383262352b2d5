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
        // The space goes back to the session at the end, which also keeps its lists' storage alive until then.
        defer { session.planSpace = space }
        space.clear()
        // Lists in storage of their own (no copy-on-write check per append: there are millions).
        let (windows, required, openings) = (space.windows.lists, space.required.lists, space.openings.lists)
        var unordered = [Bool](repeating: false, count: compiled.count)
        var whole = [Bool](repeating: false, count: compiled.count)
        for index in selected where facts[index].keywordless { whole[index] = true }
        var lines = LineStarts()
        let lanes = space.lanes.lists
        automaton.ends(in: text, into: lanes)
        actionStart.withUnsafeBufferPointer { actionStart in
            actions.withUnsafeBufferPointer { actions in
                for lane in 0..<4 {
                    for position in 0..<lanes[lane].count {
                        let (state, end) = KeywordAutomaton.unpack(lanes[lane][position])
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
                                // Windows are kept as (lower, upper) pairs.
                                let count = windows[index].count
                                guard count > 0, from >= windows[index][count - 2] else {
                                    if count > 0 { unordered[index] = true }
                                    windows[index].append(from)
                                    windows[index].append(hit)
                                    continue
                                }
                                if from <= windows[index][count - 1] + 1 {
                                    windows[index][count - 1] = max(windows[index][count - 1], hit)
                                } else {
                                    windows[index].append(from)
                                    windows[index].append(hit)
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
                let list = points.positions(Self.distinct(openings[index].array), rule: index, in: text)
                if !list.isEmpty { plan.append((index, list)) }
            } else if windows[index].count > 0 {
                let pairs = windows[index].array
                var list = stride(from: 0, to: pairs.count, by: 2).map { pairs[$0]...pairs[$0 + 1] }
                if unordered[index] { list = Self.merge(list) }
                if facts[index].lineRequires { list = Self.windows(list, holding: required[index].array, in: text) }
                if facts[index].startsWith { list = points.positions(Self.points(openings[index].array, in: list), rule: index, in: text) }
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

    /// The windows of single positions (`start...start`) where rule `index` is tried: those of `starts` that pass its
    /// `near_start` (all of them when it has none).
    func positions(_ starts: [Int], rule index: Int, in text: UnsafeBufferPointer<UInt8>) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        out.reserveCapacity(starts.count)
        let near = near[index]
        for start in starts {
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

/// Planning's per-rule lists, kept by a match session between scans: each scan empties them and grows them no
/// further than earlier scans did, so that files do not grow the lists of a rule from nothing every time.
final class PlanSpace {
    /// Where keywords end, per automaton lane (`KeywordAutomaton.ends(in:into:)`).
    let lanes = IntLists(4)
    /// Per rule: keyword windows as (lower, upper) pairs, `line_requires` positions, `starts_with` positions.
    let windows: IntLists
    let required: IntLists
    let openings: IntLists

    init(rules: Int) {
        (windows, required, openings) = (IntLists(rules), IntLists(rules), IntLists(rules))
    }

    /// Every per-rule list emptied, its storage kept (the automaton empties the lanes itself).
    func clear() {
        for lists in [windows, required, openings] { lists.clear() }
    }
}
