/// Aho-Corasick over ASCII-lowercased bytes: one pass finds every occurrence of every keyword.
///
/// The automaton is a dense DFA (256 transitions per state), built once per rule set; keywords
/// are short, so a few thousand states at most.
public struct KeywordAutomaton: Sendable {
    /// `transitions[state * 256 + byte]` is the next state.
    private let transitions: [Int32]
    /// Keyword indices that end in each state (suffix outputs merged in), flattened:
    /// state `s` owns `outputList[outputStart[s]..<outputStart[s + 1]]`.
    private let outputStart: [Int32]
    private let outputList: [Int32]
    /// Each keyword's length in bytes.
    private let lengths: [Int]

    /// One keyword occurrence: which keyword and the offset of its first byte.
    public struct Hit: Sendable, Hashable {
        public var keyword: Int
        public var start: Int
    }

    /// Builds the automaton; keywords are lowercased (ASCII) first.
    public init(keywords: [String]) {
        var goto: [[UInt8: Int32]] = [[:]]
        var out: [[Int32]] = [[]]
        var lengths: [Int] = []
        for (index, keyword) in keywords.enumerated() {
            let bytes = keyword.utf8.map(Self.fold)
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
        // Breadth-first: failure links, then the dense table.
        var table = [Int32](repeating: 0, count: goto.count * 256)
        var failure = [Int32](repeating: 0, count: goto.count)
        var queue: [Int] = []
        for byte in 0..<256 {
            if let next = goto[0][UInt8(byte)] {
                table[byte] = next
                queue.append(Int(next))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            out[state] += out[Int(failure[state])]
            for byte in 0..<256 {
                if let next = goto[state][UInt8(byte)] {
                    failure[Int(next)] = table[Int(failure[state]) * 256 + byte]
                    table[state * 256 + byte] = next
                    queue.append(Int(next))
                } else {
                    table[state * 256 + byte] = table[Int(failure[state]) * 256 + byte]
                }
            }
        }
        transitions = table
        var starts: [Int32] = [0]
        var list: [Int32] = []
        for keywords in out {
            list += keywords
            starts.append(Int32(list.count))
        }
        outputStart = starts
        outputList = list
        self.lengths = lengths
    }

    /// Every keyword occurrence in `text`, in order of their end offsets.
    public func hits(in text: UnsafeBufferPointer<UInt8>) -> [Hit] {
        var found: [Hit] = []
        transitions.withUnsafeBufferPointer { table in
            outputStart.withUnsafeBufferPointer { starts in
                outputList.withUnsafeBufferPointer { list in
                    var state = 0
                    for offset in 0..<text.count {
                        state = Int(table[state &* 256 &+ Int(Self.fold(text[offset]))])
                        let first = Int(starts[state])
                        let end = Int(starts[state &+ 1])
                        guard first < end else { continue }
                        for slot in first..<end {
                            let keyword = Int(list[slot])
                            found.append(Hit(keyword: keyword, start: offset &+ 1 &- lengths[keyword]))
                        }
                    }
                }
            }
        }
        return found
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
