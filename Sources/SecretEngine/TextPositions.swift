import Glibc

/// The start of the line a keyword is on, at most `SecretScanner.windowReach` bytes back, for keywords in
/// increasing order: each byte is looked at at most once, not once per keyword on its line.
struct LineStarts {
    /// Bytes before `scanned` are looked at; `lineStart` is the start of the line `scanned` is on, or nil when
    /// that line starts more than `windowReach` bytes before it.
    private var scanned = 0
    private var lineStart: Int? = 0

    mutating func windowStart(_ text: UnsafeBufferPointer<UInt8>, keyword: Int) -> Int {
        let floor = max(0, keyword - SecretScanner.windowReach)
        // A keyword starting before the previous one (they overlap): walk back, as the definition says.
        guard keyword >= scanned else { return Self.afterLineBreak(text, before: keyword, notBefore: floor) }
        // The last line break between the bytes looked at (or the floor) and the keyword, searched backwards from the
        // keyword: one short walk, instead of a search per line since the previous keyword.
        let from = max(scanned, floor)
        let cursor = Self.afterLineBreak(text, before: keyword, notBefore: from)
        if cursor > from {
            lineStart = cursor
        } else if floor > scanned {
            lineStart = nil
        }
        scanned = keyword
        return max(floor, lineStart ?? floor)
    }

    /// The offset after the last line break in `text[limit..<offset]`, or `limit` when there is none.
    private static func afterLineBreak(_ text: UnsafeBufferPointer<UInt8>, before offset: Int, notBefore limit: Int) -> Int {
        var cursor = offset
        while cursor > limit, text[cursor - 1] != UInt8(ascii: "\n") { cursor -= 1 }
        return cursor
    }
}

/// Byte offset → 1-based line and column (column counted in Unicode scalars). Asked in increasing
/// offset order, it looks at each byte once (it resumes from the previous answer); asked for an
/// earlier offset, it starts again from the top.
struct LineIndex {
    private let text: UnsafeBufferPointer<UInt8>
    private var last: (offset: Int, line: Int, column: Int) = (0, 1, 1)

    init(_ text: UnsafeBufferPointer<UInt8>) {
        self.text = text
    }

    mutating func position(of offset: Int) -> (line: Int, column: Int) {
        if offset < last.offset { last = (0, 1, 1) }
        var (line, column) = (last.line, last.column)
        // Line breaks found by memchr (vectorised); scalars counted only on the offset's own line.
        var from = last.offset
        if let base = text.baseAddress {
            while from < offset, let found = memchr(base + from, 0x0A, offset - from) {
                from = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                line += 1
                column = 1
            }
        }
        for index in from..<max(from, offset) where text[index] & 0xC0 != 0x80 { column += 1 }
        last = (offset, line, column)
        return (line, column)
    }
}
