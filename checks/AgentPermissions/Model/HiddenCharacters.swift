import GooseAuditCore
import StructuredText

/// Zero-width, bidirectional-override and tag characters in a text: invisible, or reordering what a reviewer sees.
struct HiddenCharacters {
    let count: Int
    let first: Unicode.Scalar

    init?(_ text: some StringProtocol) {
        let hidden = text.unicodeScalars.filter(Self.isHidden)
        guard let first = hidden.first else { return nil }
        count = hidden.count
        self.first = first
    }

    var code: String { "U+" + String(first.value, radix: 16, uppercase: true) }
    /// `holds 2 hidden or bidirectional characters (first U+202E)`.
    var message: String { "holds \(count) hidden or bidirectional character\(count == 1 ? "" : "s") (first \(code))" }
    var evidence: String { "\(count) × hidden, first \(code)" }

    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xE0000...0xE007F, 0xFEFF: true
        default: false
        }
    }
}
