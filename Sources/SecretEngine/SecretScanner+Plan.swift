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
        space.clear()
        // Lists in storage of their own (no copy-on-write check per append: there are millions).
        let (windows, required, openings) = (space.windows, space.required, space.openings)
        var unordered = [Bool](repeating: false, count: compiled.count)
        var whole = [Bool](repeating: false, count: compiled.count)
        for index in selected where facts[index].keywordless { whole[index] = true }
        var lines = LineStarts()
        automaton.ends(in: text, into: space.lanes)
        actionStart.withUnsafeBufferPointer { actionStart in
            actions.withUnsafeBufferPointer { actions in
                for lane in 0..<4 {
                    for position in 0..<space.lanes[lane].count {
                        let (state, end) = KeywordAutomaton.unpack(space.lanes[lane][position])
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
                let list = points.positions(openings[index].array, rule: index, in: text)
                if !list.isEmpty { plan.append((index, list)) }
            } else if windows[index].count > 0 {
                let pairs = windows[index].array
                var list = stride(from: 0, to: pairs.count, by: 2).map { pairs[$0]...pairs[$0 + 1] }
                if unordered[index] { list = Self.merge(list) }
                if facts[index].lineRequires { list = Self.windows(list, holding: required[index].array, in: text) }
                if facts[index].startsWith { list = points.narrowed(Self.points(openings[index].array, in: list), rule: index, in: text) }
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

    /// Single positions (`start...start`) that pass rule `index`'s `near_start` (all of them when it has none).
    func narrowed(_ positions: [ClosedRange<Int>], rule index: Int, in text: UnsafeBufferPointer<UInt8>) -> [ClosedRange<Int>] {
        guard let near = near[index] else { return positions }
        return positions.filter { near.holds(at: $0.lowerBound, in: text) }
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

/// Planning's per-rule lists, kept by a match session between scans: each scan empties them and grows them no
/// further than earlier scans did, so that files do not grow the lists of a rule from nothing every time.
final class PlanSpace {
    /// Where keywords end, per automaton lane (`KeywordAutomaton.ends(in:into:)`).
    let lanes: UnsafeMutablePointer<IntList>
    /// Per rule: keyword windows as (lower, upper) pairs, `line_requires` positions, `starts_with` positions.
    let windows: UnsafeMutablePointer<IntList>
    let required: UnsafeMutablePointer<IntList>
    let openings: UnsafeMutablePointer<IntList>
    private let rules: Int

    init(rules: Int) {
        self.rules = rules
        lanes = .allocate(capacity: 4)
        lanes.initialize(repeating: IntList(), count: 4)
        windows = .allocate(capacity: rules)
        required = .allocate(capacity: rules)
        openings = .allocate(capacity: rules)
        for list in [windows, required, openings] { list.initialize(repeating: IntList(), count: rules) }
    }

    /// Every list emptied, its storage kept.
    func clear() {
        for list in [windows, required, openings] {
            for index in 0..<rules { list[index].count = 0 }
        }
    }

    deinit {
        for lane in 0..<4 { lanes[lane].release() }
        lanes.deinitialize(count: 4)
        lanes.deallocate()
        for list in [windows, required, openings] {
            for index in 0..<rules { list[index].release() }
            list.deinitialize(count: rules)
            list.deallocate()
        }
    }
}

/// A list of integers in storage it manages itself: appending checks the capacity only (a Swift array appended to
/// through a list of lists checks it is not shared on every append).
struct IntList {
    private var base: UnsafeMutablePointer<Int>?
    private var capacity = 0
    var count = 0

    @inline(__always)
    mutating func append(_ value: Int) {
        if count == capacity { grow() }
        base.unsafelyUnwrapped[count] = value
        count += 1
    }

    subscript(index: Int) -> Int {
        get { base.unsafelyUnwrapped[index] }
        set { base.unsafelyUnwrapped[index] = newValue }
    }

    /// The values, copied.
    var array: [Int] { count == 0 ? [] : Array(UnsafeBufferPointer(start: base, count: count)) }

    private mutating func grow() {
        let larger = max(256, capacity * 2)
        let storage = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        if let base {
            storage.moveInitialize(from: base, count: count)
            base.deallocate()
        }
        base = storage
        capacity = larger
    }

    /// Frees the storage (the list must not be used afterwards).
    mutating func release() {
        base?.deallocate()
        base = nil
        capacity = 0
        count = 0
    }
}
