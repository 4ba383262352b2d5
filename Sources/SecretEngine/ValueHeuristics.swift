import Foundation

/// Shannon entropy of a byte string, in bits per byte.
public enum Entropy {
    public static func shannon(_ bytes: some Collection<UInt8>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        var entropy = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            entropy -= p * log2(p)
        }
        return entropy
    }
}

/// Values that look like credentials but are not: references, templates and placeholders.
/// Applied to every rule's secret (a global allowlist) and to structured candidates.
public enum Placeholder {
    /// Words that mark documentation, fixtures and templates.
    public static let markers = [
        "example", "fake", "dummy", "placeholder", "changeme", "change_me", "change-me", "your_", "your-", "yourkey",
        "yourtoken", "redacted", "sample", "xxxx", "****", "...", "test", "todo", "replace", "insert", "lorem",
        "notreal", "not_real", "not-real", "foobar", "mock", "secret_here", "key_here", "token_here",
    ]

    /// Runs that mark a long value as elided or templated.
    public static let fillers = ["xxxxxxxx", "********", "........", "<your", "your_key", "your-key"]

    /// Whether `value` is a reference (`${VAR}`, `$VAR`, `{{ x }}`, `%VAR%`, `<your-key>`) or a placeholder.
    public static func matches(_ value: some StringProtocol) -> Bool {
        let text = String(value)
        if isReference(text) { return true }
        let lower = text.lowercased()
        // Long values (PEM blocks, JWTs) contain short words by chance; only filler marks them.
        if (text.count <= 128 ? markers : fillers).contains(where: { lower.contains($0) }) { return true }
        if lower.contains("12345678") || lower.contains("abcdefgh") { return true }
        // Few distinct characters: `aaaaaaaa`, `sk-0000000000`, `ababababab`.
        let body = lower.split(whereSeparator: { "-_.".contains($0) }).max { $0.count < $1.count } ?? Substring(lower)
        return body.count >= 6 && Set(body).count <= 3
    }

    /// `${VAR}`, `$VAR`, `{{ x }}`, `%VAR%`, `@VAR@`, `<your-key>`: names of values, not values.
    public static func isReference(_ text: String) -> Bool {
        if text.contains("${") || text.contains("{{") || text.contains("$(") { return true }
        if text.hasPrefix("$"), let second = text.dropFirst().first, second.isLetter || second == "_" { return true }
        if text.count > 2, text.hasPrefix("%"), text.hasSuffix("%") { return true }
        if text.count > 2, text.hasPrefix("@"), text.hasSuffix("@") { return true }
        if text.hasPrefix("<"), text.hasSuffix(">") { return true }
        return false
    }
}
