/// Aho-Corasick over ASCII-lowercased bytes: one pass finds every occurrence of every keyword.
///
/// The automaton is a DFA over byte classes (bytes that no keyword holds share one class, and case
/// is folded by the class map), built once per rule set: a few hundred states of a few dozen
/// classes, small enough to stay in cache while 100 MB stream through it.
public struct KeywordAutomaton: Sendable {
    /// The class of each byte (`A`–`Z` share their lower-case letter's class).
    private let classes: [UInt8]
    /// How many classes (a row of `transitions`).
    private let width: Int
    /// `transitions[row + class]` is the next state's row (`state * width`) shifted left by one,
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
        transitions = table.map { next in (next * Int32(width)) << 1 | (out[Int(next)].isEmpty ? 0 : 1) }
        var starts: [Int32] = [0]
        var list: [Int32] = []
        for keywords in out {
            list += keywords
            starts.append(Int32(list.count))
        }
        self.classes = classes
        self.width = width
        outputStart = starts
        outputList = list
        self.lengths = lengths
        longest = max(1, lengths.max() ?? 1)
    }

    /// Every keyword occurrence in `text`, in order of their end offsets.
    ///
    /// A long text is cut into four parts walked side by side (each step of one walk waits on its
    /// previous step's table load; independent walks overlap those waits). A part's walk starts
    /// `longest - 1` bytes early and reports only keywords ending inside its part: after that many
    /// bytes from the root, an Aho-Corasick walk is in the state a walk from the text's start has.
    public func hits(in text: UnsafeBufferPointer<UInt8>) -> [Hit] {
        var found: [Hit] = []
        guard text.count >= 4096 else {
            var row = 0
            walk(text, from: 0, to: text.count, reportFrom: 0, row: &row, into: &found)
            return found
        }
        let part = (text.count + 3) / 4
        let reports = [0, part, 2 * part, 3 * part]
        let ends = [part, 2 * part, 3 * part, text.count]
        var cursor = reports.map { max(0, $0 - (longest - 1)) }
        let together = max(0, (0..<4).map { ends[$0] - cursor[$0] }.min() ?? 0)
        var lanes: [[Hit]] = [[], [], [], []]
        var rows = [0, 0, 0, 0]
        let width = width
        classes.withUnsafeBufferPointer { classes in
            transitions.withUnsafeBufferPointer { table in
                var (p0, p1, p2, p3) = (cursor[0], cursor[1], cursor[2], cursor[3])
                var (r0, r1, r2, r3) = (0, 0, 0, 0)
                for _ in 0..<together {
                    let e0 = Int(table[r0 &+ Int(classes[Int(text[p0])])])
                    let e1 = Int(table[r1 &+ Int(classes[Int(text[p1])])])
                    let e2 = Int(table[r2 &+ Int(classes[Int(text[p2])])])
                    let e3 = Int(table[r3 &+ Int(classes[Int(text[p3])])])
                    (r0, r1, r2, r3) = (e0 &>> 1, e1 &>> 1, e2 &>> 1, e3 &>> 1)
                    if (e0 | e1 | e2 | e3) & 1 != 0 {
                        if e0 & 1 != 0, p0 >= reports[0] { emit(state: r0 / width, end: p0, into: &lanes[0]) }
                        if e1 & 1 != 0, p1 >= reports[1] { emit(state: r1 / width, end: p1, into: &lanes[1]) }
                        if e2 & 1 != 0, p2 >= reports[2] { emit(state: r2 / width, end: p2, into: &lanes[2]) }
                        if e3 & 1 != 0, p3 >= reports[3] { emit(state: r3 / width, end: p3, into: &lanes[3]) }
                    }
                    (p0, p1, p2, p3) = (p0 &+ 1, p1 &+ 1, p2 &+ 1, p3 &+ 1)
                }
                cursor = [p0, p1, p2, p3]
                rows = [r0, r1, r2, r3]
            }
        }
        for lane in 0..<4 {
            walk(text, from: cursor[lane], to: ends[lane], reportFrom: reports[lane], row: &rows[lane], into: &lanes[lane])
            found += lanes[lane]
        }
        return found
    }

    /// One walk over `text[start..<end]` from the state at `row`, reporting keywords that end at or after `reportFrom`.
    private func walk(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, reportFrom: Int, row: inout Int, into found: inout [Hit]
    ) {
        let width = width
        var current = row
        classes.withUnsafeBufferPointer { classes in
            transitions.withUnsafeBufferPointer { table in
                for offset in start..<max(start, end) {
                    let entry = Int(table[current &+ Int(classes[Int(text[offset])])])
                    current = entry &>> 1
                    if entry & 1 != 0, offset >= reportFrom { emit(state: current / width, end: offset, into: &found) }
                }
            }
        }
        row = current
    }

    @inline(__always)
    private func emit(state: Int, end offset: Int, into found: inout [Hit]) {
        for slot in Int(outputStart[state])..<Int(outputStart[state + 1]) {
            let keyword = Int(outputList[slot])
            found.append(Hit(keyword: keyword, start: offset + 1 - lengths[keyword]))
        }
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
