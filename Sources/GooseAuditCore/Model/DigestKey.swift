import Crypto
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The key secret digests are computed with (`Evidence.secret`, hence fingerprints and baselines):
/// an HMAC-SHA256 key, so that a committed baseline or a shared report cannot be searched with a
/// dictionary of likely passwords. See docs/fingerprints.md for where the key comes from.
public enum DigestKey {
    /// The key used when none was set (library use and unit tests). It is public, so digests made with
    /// it are only salted; the CLI always sets a real key before it scans.
    public static let unkeyed = Array("goose-audit unkeyed digest v1".utf8)

    private static let current = Mutex<(key: [UInt8], ephemeral: Bool)>((unkeyed, false))

    /// The key in force for this process.
    public static var secrets: [UInt8] { current.withLock { $0.key } }

    /// Whether the key in force was made up for this run alone (no shared or per-user key): secret
    /// digests then differ from run to run, and outputs that need stable identities say so or avoid them.
    public static var isEphemeral: Bool { current.withLock { $0.ephemeral } }

    /// Sets the key for every secret digest made from now on (the CLI, once, before it scans).
    public static func use(_ key: [UInt8], ephemeral: Bool = false) { current.withLock { $0 = (key, ephemeral) } }

    /// A short public handle of `key` (16 hex digits of an HMAC of a fixed label): tells which key a
    /// baseline was made with, and reveals nothing about the key or any secret.
    public static func identifier(of key: [UInt8]) -> String {
        String(Digest.hmacHex(key: key, Data("goose-audit key id v1".utf8)).prefix(16))
    }

    /// A key for one purpose derived from a master key (`fingerprint`, `journal`).
    public static func derive(_ master: [UInt8], purpose: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data("goose-audit \(purpose) v1".utf8), using: SymmetricKey(data: master)))
    }
}

extension Digest {
    /// Lowercase hex HMAC-SHA256 of `data` under `key`.
    public static func hmacHex(key: [UInt8], _ data: some DataProtocol) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key))
        return hex(Array(code))
    }

    /// Whether `mac` (hex) is the HMAC-SHA256 of `data` under `key`, compared in constant time.
    public static func verifyHMAC(key: [UInt8], _ data: some DataProtocol, hex mac: String) -> Bool {
        guard let bytes = bytes(hex: mac) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: data, using: SymmetricKey(data: key))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        for index in stride(from: 0, to: chars.count, by: 2) {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The per-user key kept in goose-audit's state directory (`key`, 32 random bytes in hex, 0600):
/// authenticates fix journals, and keys secret digests when no shared key is configured.
public enum UserKey {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the key in `directory` (a private state directory), creating it on first use. A key file
    /// that is a symlink, not a regular file, owned by someone else or open to others is refused.
    public static func load(directory: String) throws -> [UInt8] {
        guard let key = try load(directory: directory, create: true) else { throw Failure(description: "cannot create \(directory)/key") }
        return key
    }

    /// The key in `directory` if there is one; nil (nothing written) when there is none and `create` is false.
    public static func load(directory: String, create creating: Bool) throws -> [UInt8]? {
        let path = directory + "/key"
        for _ in 0..<2 {
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            if fd < 0 {
                guard errno == ENOENT else { throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
                guard creating else { return nil }
                try create(path)
                continue
            }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0, FileMetadata(st).type == .regular else {
                throw Failure(description: "\(path) is not a regular file")
            }
            guard st.st_uid == geteuid() else { throw Failure(description: "\(path) is owned by another user; refused") }
            guard st.st_mode & 0o077 == 0 else {
                throw Failure(description: "\(path) can be read or written by others (must be 0600); refused")
            }
            var buffer = [UInt8](repeating: 0, count: 128)
            let count = read(fd, &buffer, buffer.count)
            let text = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let key = Digest.bytes(hex: text), key.count == 32 else {
                throw Failure(description: "\(path) does not hold a goose-audit key")
            }
            return key
        }
        throw Failure(description: "cannot create \(path)")
    }

    private static func create(_ path: String) throws {
        let key = (0..<32).map { _ in UInt8.random(in: 0...255) }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return }
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let text = Array((Digest.hex(key) + "\n").utf8)
        guard fchmod(fd, 0o600) == 0, write(fd, text, text.count) == text.count, fsync(fd) == 0 else {
            unlink(path)
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
