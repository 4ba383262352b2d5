import GooseAuditCore
import Testing

/// `FileContent` decodes its text on first use, and answers its binary and UTF-16 questions from the bytes with
/// shortcuts (a `memchr` for NUL, the first two bytes for unmarked UTF-16): the same answers as decoding at once.
struct FileContentTests {
    static let samples: [[UInt8]] = [
        Array("A=1\nB=2\n".utf8), [0xEF, 0xBB, 0xBF] + Array("key: välue\r\n".utf8), [0x41, 0xFF, 0xFE, 0x42, 0x0A],
        Array("naïve 日本 🦆\n".utf8), [], [0xEF, 0xBB], Array(String(repeating: "x", count: 9000).utf8) + [0, 0x41],
    ]

    @Test("the text decoded on first use is UTF-8 with invalid bytes replaced and the BOM dropped", arguments: samples)
    func lazyTextIsTheDecodedText(_ bytes: [UInt8]) {
        let content = FileContent(bytes: bytes, truncated: false)
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        #expect(!content.isBinary)
        let copy = content
        #expect(content.text == String(decoding: body, as: UTF8.self))
        #expect(copy.text == content.text)
        #expect(content.bytes == bytes)
    }

    @Test("UTF-16 without a mark is known by its NUL pattern; a NUL elsewhere is text with a notice or binary")
    func nulShortcuts() {
        let text = "GOOSE_MODE=auto\n"
        let little = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let decoded = FileContent(bytes: little, truncated: false)
        #expect(decoded.decoding == "decoded as UTF-16LE")
        #expect(decoded.text == text && decoded.bytes == Array(text.utf8))
        let big = FileContent(bytes: text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }, truncated: false)
        #expect(big.decoding == "decoded as UTF-16BE" && big.text == text)
        // One stray NUL in text: read as text, with the notice; NUL-heavy bytes: binary, no text.
        let stray = FileContent(bytes: Array("GOOSE_MODE=auto\n# note\n".utf8) + [0] + Array("x=1\n".utf8), truncated: false)
        #expect(!stray.isBinary && stray.decoding == "holds NUL bytes; read as text")
        let binary = FileContent(bytes: [0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 0, count: 64) + [1, 2, 3], truncated: false)
        #expect(binary.isBinary && binary.text.isEmpty)
        // A NUL past the first 8 KiB is not looked at.
        let late = FileContent(bytes: Self.samples[6], truncated: false)
        #expect(!late.isBinary && late.decoding == nil)
    }
}
