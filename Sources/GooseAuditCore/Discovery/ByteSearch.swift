#if canImport(Glibc)
    import Glibc
#endif

/// Byte-level prefilters: whether a file's bytes hold a literal at all, so files without it cost no decoding or
/// line splitting.
public enum ByteSearch {
    /// Whether `bytes` hold `needle`: `memchr` for the needle's byte at `anchor` (pick a rare one: `:` of
    /// `goose://`), `memcmp` of the whole needle at each hit.
    public static func contains(_ needle: [UInt8], in bytes: [UInt8], anchor: Int = 0) -> Bool {
        precondition(needle.indices.contains(anchor), "the anchor is a byte of the needle")
        return bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { pattern in
                guard let base = haystack.baseAddress, let first = pattern.baseAddress, haystack.count >= pattern.count else {
                    return false
                }
                // Anchor bytes at offsets anchor ..< last are the ones a whole match fits around.
                let last = haystack.count - pattern.count + anchor + 1
                var offset = anchor
                while offset < last, let hit = memchr(base + offset, Int32(needle[anchor]), last - offset) {
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at - anchor, first, pattern.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }
}
