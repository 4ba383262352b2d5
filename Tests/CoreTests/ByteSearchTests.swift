import GooseAuditCore
import Testing

struct ByteSearchTests {
    /// The plain definition: some offset where every byte of the needle follows.
    static func naive(_ needle: [UInt8], _ bytes: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test("the prefilter answers what the plain definition answers, for every anchor, at the edges and on near misses")
    func matchesTheDefinition() {
        let needle = Array("goose://".utf8)
        let texts = [
            "", "goose://", "goose:/", "xgoose://", "goose://x", "goose:goose://", "gg::goose:/goose://", "://goose",
            "goose:/ goose:/ goose", "https://example.invalid/goose:", "ggggggggoose://", "goose::///",
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            for anchor in needle.indices {
                #expect(ByteSearch.contains(needle, in: bytes, anchor: anchor) == Self.naive(needle, bytes), "\(text) @\(anchor)")
            }
        }
        // Pseudo-random texts over the needle's own bytes, where near misses are common.
        var state: UInt64 = 15
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 24) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(needle[Int(state >> 33) % needle.count])
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1
            for anchor in [0, 5, 7] {
                #expect(ByteSearch.contains(needle, in: bytes, anchor: anchor) == Self.naive(needle, bytes))
            }
        }
    }
}
