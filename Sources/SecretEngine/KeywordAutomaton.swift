/// Aho-Corasick over ASCII-lowercased bytes: one pass finds every occurrence of every keyword.
///
/// The automaton is a DFA over byte classes (bytes that no keyword holds share one class, and case
/// is folded by the class map), built once per rule set: a few hundred states of a few dozen
/// classes, small enough to stay in cache while 100 MB stream through it.
public struct KeywordAutomaton: Sendable {
    /// The class of each byte (`A`–`Z` share their lower-case letter's class).
    private let classes: [UInt8]
    /// A row of `transitions` holds `1 << shift` entries (the classes, padded to a power of two: a row's state is
    /// its offset shifted right, not divided).
    private let shift: Int
    /// `transitions[row + class]` is the next state's row (`state << shift`) shifted left by one,
    /// with the low bit set when keywords end in that state.
    private let transitions: [Int32]
    /// Keyword indices that end in each state (suffix outputs merged in), flattened:
    /// state `s` owns `outputList[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputList: [Int32]
    /// Each keyword's length in bytes.
    private let lengths: [Int]
    /// The longest keyword's length (at least 1).
    private let longest: Int

    /// One keyword occurrence: which keyword and the offset of its first byte.
    public struct Hit: Sendable, Hashable {
        public var keyword: Int
        public var start: Int
    }

    /// Builds the automaton; keywords are lowercased (ASCII) first.
    public init(keywords: [String]) {
        var classes = [UInt8](repeating: 0, count: 256)
        var width = 1
        for byte in Set(keywords.flatMap { $0.utf8.map(Self.fold) }).sorted() {
            classes[Int(byte)] = UInt8(width)
            width += 1
        }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { classes[Int(byte)] = classes[Int(byte | 0x20)] }
        var shift = 0
        while 1 << shift < width { shift += 1 }
        var goto: [[UInt8: Int32]] = [[:]]
        var out: [[Int32]] = [[]]
        var lengths: [Int] = []
        for (index, keyword) in keywords.enumerated() {
            let bytes = keyword.utf8.map { classes[Int(Self.fold($0))] }
            lengths.append(bytes.count)
            guard !bytes.isEmpty else { continue }
            var state = 0
            for byte in bytes {
                if let next = goto[state][byte] {
                    state = Int(next)
                } else {
                    goto.append([:])
                    out.append([])
                    goto[state][byte] = Int32(goto.count - 1)
                    state = goto.count - 1
                }
            }
            out[state].append(Int32(index))
        }
        // Breadth-first: failure links, then the dense table (of states, shifted into rows below).
        var table = [Int32](repeating: 0, count: goto.count * width)
        var failure = [Int32](repeating: 0, count: goto.count)
        var queue: [Int] = []
        for symbol in 0..<width {
            if let next = goto[0][UInt8(symbol)] {
                table[symbol] = next
                queue.append(Int(next))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            out[state] += out[Int(failure[state])]
            for symbol in 0..<width {
                if let next = goto[state][UInt8(symbol)] {
                    failure[Int(next)] = table[Int(failure[state]) * width + symbol]
                    table[state * width + symbol] = next
                    queue.append(Int(next))
                } else {
                    table[state * width + symbol] = table[Int(failure[state]) * width + symbol]
                }
            }
        }
        // Rows padded to `1 << shift` entries (the padding is never read: classes stay below `width`).
        var padded = [Int32](repeating: 0, count: goto.count << shift)
        for state in 0..<goto.count {
            for symbol in 0..<width {
                let next = table[state * width + symbol]
                padded[state << shift + symbol] = (next << Int32(shift)) << 1 | (out[Int(next)].isEmpty ? 0 : 1)
            }
        }
        transitions = padded
        var starts: [Int32] = [0]
        var list: [Int32] = []
        for keywords in out {
            list += keywords
            starts.append(Int32(list.count))
        }
        self.classes = classes
        self.shift = shift
        outputStart = starts
        outputList = list
        self.lengths = lengths
        longest = max(1, lengths.max() ?? 1)
    }

    /// Every keyword occurrence in `text`, in order of their end offsets.
    public func hits(in text: UnsafeBufferPointer<UInt8>) -> [Hit] {
        let lanes = IntLists(4)
        return withExtendedLifetime(lanes) {
            ends(in: text, into: lanes.lists)
            var found: [Hit] = []
            for lane in 0..<4 {
                for value in lanes.lists[lane].array {
                    let (state, end) = Self.unpack(value)
                    for keyword in keywords(endingIn: state) { found.append(Hit(keyword: keyword, start: end + 1 - lengths[keyword])) }
                }
            }
            return found
        }
    }

    /// The states in which keywords end, with where (`state << 40 | offset of the last byte`), in order of the
    /// offsets: one value per place, whatever the number of keywords ending there (`keywords(endingIn:)`), written to
    /// `lanes[0]` to `lanes[3]` (emptied first), the places of each after those of the one before.
    ///
    /// A long text is cut into four parts walked side by side (each step of one walk waits on its
    /// previous step's table load; independent walks overlap those waits). A part's walk starts
    /// `longest - 1` bytes early and reports only keywords ending inside its part: after that many
    /// bytes from the root, an Aho-Corasick walk is in the state a walk from the text's start has.
    /// A step where a walk reaches a state with outputs writes each walk's state, lane and step to the next
    /// slot, moving the slot on by that state's output bit; full slots are read into each lane's list.
    func ends(in text: UnsafeBufferPointer<UInt8>, into lanes: UnsafeMutablePointer<IntList>) {
        for lane in 0..<4 { lanes[lane].count = 0 }
        guard text.count >= 4096, text.count < 1 << 30, let base = text.baseAddress else {
            var row = 0
            walk(text, from: 0, to: text.count, reportFrom: 0, row: &row, into: &lanes[0])
            return
        }
        let part = (text.count + 3) / 4
        let reports = [0, part, 2 * part, 3 * part]
        let ends = [part, 2 * part, 3 * part, text.count]
        let origins = reports.map { max(0, $0 - (longest - 1)) }
        let together = max(0, (0..<4).map { ends[$0] - origins[$0] }.min() ?? 0)
        var rows = [0, 0, 0, 0]
        let capacity = 4096
        let shift = shift
        withUnsafeTemporaryAllocation(of: Int.self, capacity: capacity) { slots in
            classes.withUnsafeBufferPointer { classes in
                transitions.withUnsafeBufferPointer { table in
                    let (t0, t1, t2, t3) = (base + origins[0], base + origins[1], base + origins[2], base + origins[3])
                    var (r0, r1, r2, r3) = (0, 0, 0, 0)
                    var step = 0
                    var slot = 0
                    func drain() {
                        for value in UnsafeBufferPointer(rebasing: slots[0..<slot]) {
                            let lane = (value &>> 30) & 3
                            let end = origins[lane] + value & 0x3FFF_FFFF
                            if end >= reports[lane] { lanes[lane].append((value &>> (32 + shift)) &<< 40 | end) }
                        }
                        slot = 0
                    }
                    while step < together {
                        let e0 = Int(table[r0 &+ Int(classes[Int(t0[step])])])
                        let e1 = Int(table[r1 &+ Int(classes[Int(t1[step])])])
                        let e2 = Int(table[r2 &+ Int(classes[Int(t2[step])])])
                        let e3 = Int(table[r3 &+ Int(classes[Int(t3[step])])])
                        (r0, r1, r2, r3) = (e0 &>> 1, e1 &>> 1, e2 &>> 1, e3 &>> 1)
                        if (e0 | e1 | e2 | e3) & 1 != 0 {
                            slots[slot] = r0 &<< 32 | step
                            slot &+= e0 & 1
                            slots[slot] = r1 &<< 32 | 1 << 30 | step
                            slot &+= e1 & 1
                            slots[slot] = r2 &<< 32 | 2 << 30 | step
                            slot &+= e2 & 1
                            slots[slot] = r3 &<< 32 | 3 << 30 | step
                            slot &+= e3 & 1
                            if slot > capacity - 4 { drain() }
                        }
                        step &+= 1
                    }
                    drain()
                    rows = [r0, r1, r2, r3]
                }
            }
        }
        for lane in 0..<4 {
            walk(text, from: origins[lane] + together, to: ends[lane], reportFrom: reports[lane], row: &rows[lane], into: &lanes[lane])
        }
    }

    /// A value of `ends(in:)` as the state and the offset of the keywords' last byte.
    @inline(__always)
    static func unpack(_ value: Int) -> (state: Int, end: Int) { (value &>> 40, value & 0xFF_FFFF_FFFF) }

    /// The number of states (what `ends(in:)` reports are below it).
    var stateCount: Int { outputStart.count - 1 }

    /// The keywords (indices) that end in `state`, longest first.
    func keywords(endingIn state: Int) -> [Int] { outputList[Int(outputStart[state])..<Int(outputStart[state + 1])].map(Int.init) }

    /// Each keyword's length in bytes.
    func length(of keyword: Int) -> Int { lengths[keyword] }

    /// One walk over `text[start..<end]` from the state at `row`, reporting keywords that end at or after `reportFrom`.
    private func walk(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, reportFrom: Int, row: inout Int, into found: inout IntList
    ) {
        var current = row
        let shift = shift
        classes.withUnsafeBufferPointer { classes in
            transitions.withUnsafeBufferPointer { table in
                for offset in start..<max(start, end) {
                    let entry = Int(table[current &+ Int(classes[Int(text[offset])])])
                    current = entry &>> 1
                    if entry & 1 != 0, offset >= reportFrom { found.append((current &>> shift) &<< 40 | offset) }
                }
            }
        }
        row = current
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
