/// Searching keyword windows: merging them, keeping those a rule's line requirement allows, and
/// finding a pattern's matches that start inside them.
extension SecretScanner {
    static func merge(_ windows: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
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

    /// The windows whose text, up to the end of the line the window ends on, holds the start of one of
    /// the required literals (starting at `literals`): a match that starts in a window lies on the lines
    /// from its start to the end of that line, and holds one of them.
    static func windows(_ windows: [ClosedRange<Int>], holding literals: [Int], in text: UnsafeBufferPointer<UInt8>) -> [ClosedRange<Int>] {
        guard !literals.isEmpty else { return [] }
        let starts = literals.sorted()
        return windows.filter { window in
            var end = window.upperBound
            while end < text.count, text[end] != UInt8(ascii: "\n") { end += 1 }
            // The first literal starting at or after the window's start.
            var low = 0
            var high = starts.count
            while low < high {
                let mid = (low + high) / 2
                if starts[mid] < window.lowerBound { low = mid + 1 } else { high = mid }
            }
            return low < starts.count && starts[low] <= end
        }
    }

    /// `starts` in order, each once. Keyword hits come in order of their ends: starts are in order but where two
    /// literals overlap.
    static func distinct(_ starts: [Int]) -> [Int] {
        var sorted = starts
        if starts.count > 1, (1..<starts.count).contains(where: { starts[$0 - 1] > starts[$0] }) { sorted.sort() }
        var out: [Int] = []
        out.reserveCapacity(sorted.count)
        for start in sorted where out.last != start { out.append(start) }
        return out
    }

    /// The positions in `starts` that lie inside `windows` (sorted, merged), in order, each once: where a rule whose
    /// every match begins with one of its `starts_with` literals can match.
    static func points(_ starts: [Int], in windows: [ClosedRange<Int>]) -> [Int] {
        var out: [Int] = []
        var window = 0
        for start in distinct(starts) {
            while window < windows.count, windows[window].upperBound < start { window += 1 }
            guard window < windows.count else { break }
            if windows[window].contains(start) { out.append(start) }
        }
        return out
    }

    /// Non-overlapping leftmost-first matches that start inside `windows` (or anywhere).
    static func matches(
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
}
