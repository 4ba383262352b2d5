extension SecretNames {
    /// `text` with the keyed digest taken out of every redacted name (`ghp_…(40 chars #1a2b3c4d5e6f)` becomes
    /// `ghp_…(40 chars)`): what stays is the public prefix and the length, the same under any key.
    public static func unkeyed(_ text: String) -> String {
        guard text.contains(" #") else { return text }
        var out = ""
        var rest = Substring(text)
        while let marker = rest.range(of: " #") {
            let after = rest[marker.upperBound...]
            let digits = after.prefix(12)
            if digits.count == 12, digits.allSatisfy(\.isHexDigit), after.dropFirst(12).first == ")",
                rest[..<marker.lowerBound].hasSuffix(" chars")
            {
                out += rest[..<marker.lowerBound]
                rest = after.dropFirst(12)
            } else {
                out += rest[..<marker.upperBound]
                rest = after
            }
        }
        return out + rest
    }
}

extension Finding {
    /// Whether the fingerprint depends on the fingerprint key: the evidence is a secret, or the path or key
    /// path holds a name that is a secret (redacted with its keyed digest). Such a fingerprint matches only
    /// under the key it was made with.
    public var isKeyed: Bool {
        evidence.isSecret || SecretNames.unkeyed(location.path) != location.path
            || location.keyPath.map { SecretNames.unkeyed($0) != $0 } == true
    }
}
