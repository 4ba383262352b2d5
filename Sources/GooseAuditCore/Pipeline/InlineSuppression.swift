import Foundation

/// `goose-audit:ignore <rule-id> <reason>` on the finding's line or the line above.
public enum InlineSuppression {
    public enum Match: Equatable {
        case suppressed(reason: String)
        case missingReason(line: Int)
        case none
    }

    public static let marker = "goose-audit:ignore"

    public static func find(ruleID: String, line: Int, in lines: [Substring]) -> Match {
        find(ruleID: ruleID, line: line) { number in number >= 1 && number <= lines.count ? lines[number - 1] : nil }
    }

    /// The same, over the marker lines kept from a file's single read.
    public static func find(ruleID: String, line: Int, in markers: SuppressionMarkers) -> Match {
        find(ruleID: ruleID, line: line) { number in markers.lines[number].map { Substring($0) } }
    }

    private static func find(ruleID: String, line: Int, text: (Int) -> Substring?) -> Match {
        for number in [line, line - 1] {
            guard let text = text(number), let range = text.range(of: marker) else { continue }
            let words = text[range.upperBound...].split(whereSeparator: \.isWhitespace)
            guard let rule = words.first, rule == ruleID || rule == "*" else { continue }
            let reason = words.dropFirst().joined(separator: " ").trimmingCharacters(in: "-#*/ >")
            return reason.isEmpty ? .missingReason(line: number) : .suppressed(reason: reason)
        }
        return .none
    }
}

/// The lines of one file that hold a `goose-audit:ignore` marker, by 1-based line number: all the
/// suppress stage needs, kept when the rest of the content is released.
public struct SuppressionMarkers: Sendable {
    public var lines: [Int: String]

    /// The marker lines of a file's text; cheap when there is none (one `memchr` pass over the bytes,
    /// which are the UTF-8 transcoding of a decoded UTF-16 file).
    public init(_ content: FileContent) {
        lines = [:]
        guard !content.isBinary, Self.mentionsMarker(content.bytes) else { return }
        for (offset, line) in TextLines.split(content.text).enumerated() where line.contains(InlineSuppression.marker) {
            lines[offset + 1] = String(line)
        }
    }

    /// Whether `bytes` hold the marker (a byte prefilter, anchored at its `-`: far rarer in code than `g`).
    static func mentionsMarker(_ bytes: [UInt8]) -> Bool { ByteSearch.contains(marker, in: bytes, anchor: 5) }

    private static let marker = Array(InlineSuppression.marker.utf8)
}
