/// Glob matching for excludes: `*` within a segment, `?`, and `**` across segments.
public enum Glob {
    public static func matchesAny(_ patterns: [String], _ path: String) -> Bool {
        patterns.contains { matches($0, path) }
    }

    public static func matches(_ pattern: String, _ path: String) -> Bool {
        let p = Array(pattern.utf8)
        let s = Array(path.utf8)
        if match(p[...], s[...]) { return true }
        // A pattern without a slash matches a file or directory name at any depth, like .gitignore.
        if !pattern.contains("/") {
            return path.split(separator: "/").contains { match(p[...], Array($0.utf8)[...]) }
        }
        // A directory pattern matches everything below it.
        return match(p[...] + Array("/**".utf8), s[...])
    }

    private static func match(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        let slash = UInt8(ascii: "/")
        let star = UInt8(ascii: "*")
        if first == star, p.dropFirst().first == star {
            var rest = p.dropFirst(2)
            if rest.first == slash { rest = rest.dropFirst() }
            var tail = s
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
        if first == star {
            var tail = s
            while true {
                if match(p.dropFirst(), tail) { return true }
                guard let c = tail.first, c != slash else { return false }
                tail = tail.dropFirst()
            }
        }
        guard let c = s.first else { return false }
        if first == UInt8(ascii: "?") ? c != slash : first == c { return match(p.dropFirst(), s.dropFirst()) }
        return false
    }
}
