import GooseAuditCore

/// Code that reads a secret at run time, written where a literal would stand: `process.env.API_KEY`,
/// `os.environ["TOKEN"]`, `ENV.fetch("X")`, `System.getenv("X")`, `settings.SECRET_KEY`, `$(cat f)`.
/// Such a value is a name, never a credential, and never "reused".
public enum CodeReference {
    /// Whether `text` is a reference: a listed prefix (`Allowlist.builtIn.references`), a shell or
    /// template expansion, or a dotted chain of plain identifiers (`cfg.auth.clientSecret`).
    public static func isReference(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: "$"), bytes.count > 1, isIdentifierStart(bytes[1]) || "{(".utf8.contains(bytes[1]) { return true }
        if Allowlist.builtIn.hasReferencePrefix(text, bytes: bytes) { return true }
        return isIdentifierChain(bytes)
    }

    /// `a.b`, `cfg.auth.clientSecret`, `Rails.application.credentials`: two or more identifiers of at
    /// most 32 bytes joined by dots, each mostly letters (at most two digits). Random keys with dots
    /// (JWTs) have long segments full of digits and fail.
    static func isIdentifierChain(_ bytes: [UInt8]) -> Bool {
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count >= 2 else { return false }
        return segments.allSatisfy { segment in
            guard let head = segment.first, isIdentifierStart(head), segment.count <= 32 else { return false }
            let digits = segment.filter { $0 >= 48 && $0 <= 57 }.count
            return digits <= 2 && segment.allSatisfy { isIdentifierStart($0) || ($0 >= 48 && $0 <= 57) }
        }
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == UInt8(ascii: "_")
    }
}

/// Shape tests for a generic rule's value (a keyword-anchored assignment): it must look random.
public enum GenericValue {
    /// Letters and digits both (a word or a number alone is a name, a version or an id), unless the
    /// value is long and dense (`>= 32` bytes at 4 bits per byte or more), and not an identifier
    /// written in camelCase or snake_case without digits.
    public static func isPlausible(_ bytes: some Collection<UInt8>) -> Bool {
        var letters = 0
        var digits = 0
        for byte in bytes {
            if (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) { letters += 1 } else if byte >= 48 && byte <= 57 { digits += 1 }
        }
        if letters > 0 && digits > 0 { return true }
        return bytes.count >= 32 && Entropy.shannon(bytes) >= 4.0
    }
}
