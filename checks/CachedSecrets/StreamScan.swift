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
        do {
            try BlockReader.forEachBlock(path: target.artifact.path, lines: true) { block in
                let outcome = scanner.scan(block.bytes)
                limitHits += outcome.limitHits
                var parsed: (line: Int, document: StructuredDocument?)?
                for match in outcome.matches {
                    // Several credentials on one line: the line is parsed once.
                    if parsed?.line != match.line {
                        parsed = (match.line, JSONLocator.document(Self.lineBytes(around: match.range, in: block.bytes)))
                    }
                    collector.add(match, at: Self.place(of: match, in: block, document: parsed?.document, lines: lines))
                }
            }
        } catch {
            target.report(Notice(kind: .unreadable, path: target.artifact.path, message: error.message))
            return nil
        }
        if limitHits > 0 {
            target.report(Notice(
                kind: .limitReached, path: target.artifact.path,
                message: "secret patterns hit the PCRE2 match limit \(limitHits) times; parts of the file were not fully searched"))
        }
        return collector
    }

    /// The match's line (and column, unless the block starts mid-line), and for JSON lines the key
    /// path and timestamp.
    static func place(of match: SecretMatch, in block: Block, document: StructuredDocument?, lines: Lines) -> Place {
        let line = block.firstLine + match.line - 1
        let column = block.startsMidLine && match.line == 1 ? nil : match.column
        return Place(
            line: line, column: column, keyPath: JSONLocator.keyPath(of: match.secret, in: document), detail: nil,
            since: lines == .json ? JSONLocator.since(document) : nil)
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
