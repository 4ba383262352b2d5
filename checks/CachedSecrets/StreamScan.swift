import GooseAuditCore
import SecretEngine
import StructuredText

/// Searches a whole file for credentials block by block, so a gigabyte of request log costs a
/// few blocks of memory; when a line is JSON the finding names the key path inside it.
struct StreamScan {
    let scanner: SecretScanner

    /// How a file's lines are read.
    enum Lines {
        /// JSON Lines: matches get the key path inside their line and its timestamp.
        case json
        /// Plain text lines (history, text logs); a JSON line inside is still located.
        case text
    }

    /// Every credential of the file at `target`, or nil with a notice when it cannot be read.
    func collect(_ target: CheckTarget, lines: Lines) -> LeakCollector? {
        var collector = LeakCollector(scanner: scanner)
        var limitHits = 0
        let cap = target.context.options.maxCacheBytes
        do {
            let read = try BlockReader.forEachBlock(
                path: target.artifact.path, expected: target.artifact.metadata, lines: true, maxBytes: cap
            ) { block in
                let outcome = scanner.scan(block.bytes)
                limitHits += outcome.limitHits
                var parsed: (line: Int, document: StructuredDocument?, since: String?)?
                for match in outcome.matches where !collector.countIfSaturated(match) {
                    // Several credentials on one line: the line is parsed once.
                    if parsed?.line != match.line {
                        let bytes = Self.lineBytes(around: match.range, in: block.bytes)
                        let document = JSONLocator.document(bytes)
                        let since = lines == .json ? JSONLocator.since(document) ?? Self.leadingTimestamp(bytes) : nil
                        parsed = (match.line, document, since)
                    }
                    collector.add(match, at: Self.place(of: match, in: block, document: parsed?.document, since: parsed?.since))
                }
            }
            if read.cutShort { target.report(BlockReader.cutShortNotice(target.artifact.path, cap: cap)) }
        } catch {
            target.report(Notice(kind: .unreadable, path: target.artifact.path, message: error.message))
            return nil
        }
        if limitHits > 0 {
            target.report(
                Notice(
                    kind: .limitReached, path: target.artifact.path,
                    message: "secret patterns hit the PCRE2 match limit \(limitHits) times; parts of the file were not fully searched"))
        }
        return collector
    }

    /// The match's line (and column, unless the block starts mid-line) and key path.
    static func place(of match: SecretMatch, in block: Block, document: StructuredDocument?, since: String?) -> Place {
        Place(
            line: block.firstLine + match.line - 1, column: block.startsMidLine && match.line == 1 ? nil : match.column,
            keyPath: JSONLocator.keyPath(of: match.secret, in: document), detail: nil, since: since)
    }

    /// The ISO date a text log line starts with (`2026-01-01T12:00:00.123Z DEBUG …`), if any.
    static func leadingTimestamp(_ line: ArraySlice<UInt8>) -> String? {
        let token = line.prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }.prefix(40)
        let digit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let shape = Array(token.prefix(10))
        guard shape.count == 10, shape[4] == UInt8(ascii: "-"), shape[7] == UInt8(ascii: "-"),
            shape.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || digit($0.element) })
        else { return nil }
        return String(decoding: token, as: UTF8.self)
    }

    /// The bytes of the line holding `range`.
    static func lineBytes(around range: Range<Int>, in bytes: [UInt8]) -> ArraySlice<UInt8> {
        var start = range.lowerBound
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = range.upperBound
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        return bytes[start..<end]
    }
}
