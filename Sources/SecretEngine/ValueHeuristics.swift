import Foundation

// `Entropy` lives in GooseAuditCore (SecretNames.swift): names are judged there too.

/// Values that look like credentials but are not: references, templates and placeholders.
/// Applied to every rule's secret (a global allowlist) and to structured candidates. The word
/// lists are data (`Allowlist.builtIn`, each entry with its reason); the shapes are code.
public enum Placeholder {
    /// Whether `value` is a reference (`${VAR}`, `$VAR`, `{{ x }}`, `%VAR%`, `<your-key>`,
    /// `process.env.X`), a listed placeholder, documentation token or local dummy, or too plain.
    public static func matches(_ value: some StringProtocol) -> Bool {
        let text = String(value)
        if isReference(text) || Allowlist.builtIn.reason(for: text) != nil { return true }
        let lower = ASCIIText.folded(text)
        // Few distinct characters: `aaaaaaaa`, `sk-0000000000`, `ababababab`.
        let body =
            lower.split(whereSeparator: { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") })
            .max { $0.count < $1.count } ?? lower[...]
        return body.count >= 6 && Set(body).count <= 3
    }

    /// `${VAR}`, `$VAR`, `{{ x }}`, `%VAR%`, `@VAR@`, `<your-key>`: names of values, not values.
    public static func isReference(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if ASCIIText.contains(bytes, Array("${".utf8)) || ASCIIText.contains(bytes, Array("{{".utf8))
            || ASCIIText.contains(bytes, Array("$(".utf8))
        {
            return true
        }
        if text.hasPrefix("$"), let second = text.dropFirst().first, second.isLetter || second == "_" { return true }
        if text.count > 2, text.hasPrefix("%"), text.hasSuffix("%") { return true }
        if text.count > 2, text.hasPrefix("@"), text.hasSuffix("@") { return true }
        if text.hasPrefix("<"), text.hasSuffix(">") { return true }
        if isSecretManagerReference(bytes) || isFilePath(text) { return true }
        return CodeReference.isReference(text)
    }

    /// Pointers into a secret manager (`vault:secret/data/app#key`, `op://vault/item/field`,
    /// `arn:aws:secretsmanager:…`, `ref+sops://…`): where the value lives, not the value.
    static let managerPrefixes = [
        "vault:", "op://", "arn:aws:secretsmanager:", "arn:aws:ssm:", "ref+", "sm://", "gcp-secret:", "azurekeyvault:",
        "akv:", "doppler:", "secretsmanager:", "projects/",
    ].map { Array($0.utf8) }

    static func isSecretManagerReference(_ bytes: [UInt8]) -> Bool {
        let lower = bytes.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        return managerPrefixes.contains { lower.starts(with: $0) }
    }

    /// An absolute or home-relative file path (`/run/secrets/db_password`, `~/.config/x`): secrets are
    /// often read from a file, and the file name is not the secret. URLs (`scheme://`) are not paths.
    /// Every component must be lowercase letters, digits, `.`, `_` or `-`: a random key that happens to
    /// start with `/` (base64 can) has capitals or `+` and is never taken for a path.
    static func isFilePath(_ text: String) -> Bool {
        guard text.hasPrefix("/") || text.hasPrefix("~/") || text.hasPrefix("./") else { return false }
        let components = text.split(separator: "/").filter { $0 != "~" && $0 != "." }
        return components.count >= 2
            && components.allSatisfy { component in
                component.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || $0 == 45 }
            }
    }
}

/// Byte-level substring tests for short ASCII needles: Foundation's `String.contains` bridges
/// through NSString, which is far too slow for per-value checks over large trees.
public enum ASCIIText {
    /// The UTF-8 bytes of `text` with A–Z folded to a–z.
    public static func folded(_ text: some StringProtocol) -> [UInt8] {
        text.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
    }

    /// Whether `needle` occurs in `haystack`.
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
