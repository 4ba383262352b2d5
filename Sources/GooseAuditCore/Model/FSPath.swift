/// File names are bytes; Swift strings are Unicode. goose-audit keeps names that are not valid UTF-8
/// losslessly: each byte of such a name at or above 0x80 becomes the private-use scalar U+F700 + byte,
/// and every system call converts back through `withCString`. (Like Python's surrogateescape; a
/// valid name that itself contains U+F780–U+F7FF would be misread, which is documented and rare.)
public enum FSPath {
    static let base: UInt32 = 0xF700

    /// The name for `bytes`: the UTF-8 text when valid, the escaped form otherwise.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(byte < 0x80 ? Unicode.Scalar(byte) : Unicode.Scalar(base + UInt32(byte))!)
        }
        return String(scalars)
    }

    /// Whether `path` carries escaped bytes.
    public static func isEscaped(_ path: String) -> Bool {
        path.unicodeScalars.contains { (base + 0x80...base + 0xFF).contains($0.value) }
    }

    /// Calls `body` with the original bytes of `path` as a C string.
    public static func withCString<R>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        guard isEscaped(path) else { return try path.withCString(body) }
        var bytes: [UInt8] = []
        for scalar in path.unicodeScalars {
            if (base + 0x80...base + 0xFF).contains(scalar.value) {
                bytes.append(UInt8(scalar.value - base))
            } else {
                bytes.append(contentsOf: Array(String(scalar).utf8))
            }
        }
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// The path as reports show it: escaped bytes as `\xNN`.
    public static func display(_ path: String) -> String {
        guard isEscaped(path) else { return path }
        var out = ""
        for scalar in path.unicodeScalars {
            if (base + 0x80...base + 0xFF).contains(scalar.value) {
                out += "\\x" + String(scalar.value - base, radix: 16, uppercase: true)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
