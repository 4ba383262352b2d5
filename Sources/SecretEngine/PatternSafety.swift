/// Refuses regular-expression constructs that can make a backtracking engine super-linear, so
/// that rules written for RE2 (linear time by construction) stay safe under PCRE2.
///
/// Refused: backreferences, lookaround, atomic groups, recursion and subroutine calls, callouts,
/// `\C`, and a group that contains an unbounded quantifier and is itself repeated (`(a+)+`,
/// `(?:\w*x)*`, `(a+){2,9}`). The PCRE2 match and depth limits catch what this linter cannot see.
public enum PatternSafety {
    /// Nil when the pattern is acceptable, else the reason it is not.
    public static func problem(in pattern: String) -> String? {
        let bytes = Array(pattern.utf8)
        // One entry per open group: whether an unbounded quantifier occurs inside it.
        var groups: [Bool] = [false]
        var index = 0
        var inClass = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { return "trailing backslash" }
                let next = bytes[index + 1]
                if !inClass {
                    if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(next) || next == UInt8(ascii: "k") || next == UInt8(ascii: "g") {
                        return "backreference or subroutine call at offset \(index)"
                    }
                    if next == UInt8(ascii: "C") { return "\\C (single code unit) at offset \(index)" }
                }
                index += 2
                if !inClass, isUnbounded(bytes, at: index) { groups[groups.count - 1] = true }
                continue
            }
            if inClass {
                if byte == UInt8(ascii: "]") { inClass = false; if isUnbounded(bytes, at: index + 1) { groups[groups.count - 1] = true } }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "["):
                inClass = true
                // A `]` right after `[` or `[^` is a literal.
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "^") { index += 1 }
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "]") { index += 1 }
            case UInt8(ascii: "("):
                if let reason = groupProblem(bytes, at: index) { return reason }
                groups.append(false)
            case UInt8(ascii: ")"):
                guard groups.count > 1 else { return "unbalanced ')' at offset \(index)" }
                let innerUnbounded = groups.removeLast()
                if innerUnbounded, repeats(bytes, at: index + 1) {
                    return "nested quantifier (a group with an unbounded quantifier, itself repeated) at offset \(index)"
                }
                if innerUnbounded || isUnbounded(bytes, at: index + 1) { groups[groups.count - 1] = true }
            default:
                if isUnbounded(bytes, at: index + 1), byte != UInt8(ascii: "|") { groups[groups.count - 1] = true }
            }
            index += 1
        }
        if inClass { return "unterminated character class" }
        if groups.count != 1 { return "unbalanced '('" }
        return nil
    }

    /// Constructs after `(` that RE2 does not have and that can backtrack without bound.
    private static func groupProblem(_ bytes: [UInt8], at index: Int) -> String? {
        guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?") || bytes[index + 1] == UInt8(ascii: "*") else { return nil }
        let rest = bytes[(index + 1)...].prefix(5)
        let text = String(decoding: rest, as: UTF8.self)
        let refused: [(String, String)] = [
            ("?=", "lookahead"), ("?!", "negative lookahead"), ("?<=", "lookbehind"), ("?<!", "negative lookbehind"),
            ("?>", "atomic group"), ("?R", "recursion"), ("?&", "subroutine call"), ("?P=", "backreference"),
            ("?P>", "subroutine call"), ("?C", "callout"), ("?|", "branch reset"), ("*", "verb"),
        ]
        for (prefix, name) in refused where text.hasPrefix(prefix) { return "\(name) at offset \(index)" }
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        let after = Array(rest.dropFirst())
        if let first = after.first, bytes[index + 1] == UInt8(ascii: "?"),
            digits.contains(first) || first == UInt8(ascii: "+")
                || (first == UInt8(ascii: "-") && after.count > 1 && digits.contains(after[1]))
        {
            return "subroutine call at offset \(index)"
        }
        return nil
    }

    /// Whether a quantifier that allows more than one repetition (`*`, `+`, `{n,}`, `{n,m}` with m > 1) starts at `index`.
    private static func repeats(_ bytes: [UInt8], at index: Int) -> Bool {
        if isUnbounded(bytes, at: index) { return true }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{"),
            let close = bytes[index...].firstIndex(of: UInt8(ascii: "}"))
        else { return false }
        let body = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
        let upper = body.split(separator: ",", omittingEmptySubsequences: false).last.flatMap { Int($0) }
        return (upper ?? 0) > 1
    }

    /// Whether a quantifier without an upper bound (`*`, `+`, `{n,}`) starts at `index`.
    private static func isUnbounded(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "*"), UInt8(ascii: "+"):
            return true
        case UInt8(ascii: "{"):
            var cursor = index + 1
            while cursor < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[cursor]) { cursor += 1 }
            guard cursor > index + 1, cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: ",") else { return false }
            return bytes[cursor + 1] == UInt8(ascii: "}")
        default:
            return false
        }
    }
}
