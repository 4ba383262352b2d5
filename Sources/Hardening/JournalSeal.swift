import Foundation
import GooseAuditCore

#if canImport(Glibc)
    import Glibc
#endif

/// Authenticates fix journals: the journal's bytes, whatever they hold, followed by one trailer line
/// with their HMAC-SHA256 under a key derived from the per-user key of the state directory. `fix
/// --undo` accepts a journal only when the trailer verifies, and only from a file and a directory
/// that the invoking user owns and nobody else can write.
public enum JournalSeal {
    static let marker = Data("\n#goose-audit-hmac-sha256 ".utf8)

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unsafeFile(String, reason: String)
        case unauthenticated(String)

        public var description: String {
            switch self {
            case .unsafeFile(let path, let reason): "journal \(path) refused: \(reason)"
            case .unauthenticated(let path):
                "journal \(path) refused: its HMAC does not verify with this user's key (not written by goose-audit fix for this user, or changed since)"
            }
        }
    }

    /// The key journals are sealed with, derived from the per-user key.
    public static func key(userKey: [UInt8]) -> [UInt8] { DigestKey.derive(userKey, purpose: "journal") }

    /// `bytes` with their HMAC appended.
    public static func seal(_ bytes: Data, key: [UInt8]) -> Data {
        bytes + marker + Data((Digest.hmacHex(key: key, bytes) + "\n").utf8)
    }

    /// The journal bytes of a sealed file, when its HMAC verifies.
    public static func open(_ data: Data, key: [UInt8], path: String) throws(Failure) -> Data {
        guard let range = data.range(of: marker, options: .backwards) else { throw .unauthenticated(path) }
        let body = data[data.startIndex..<range.lowerBound]
        let mac = String(decoding: data[range.upperBound...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard Digest.verifyHMAC(key: key, body, hex: mac) else { throw .unauthenticated(path) }
        return Data(body)
    }

    /// Reads a journal file, refusing a symlink, a non-regular file, a file or parent directory owned
    /// by another user, and a file or parent directory that group or others can write.
    public static func read(_ path: String) throws(Failure) -> Data {
        let directory = (path as NSString).deletingLastPathComponent
        try requirePrivate(directory.isEmpty ? "." : directory, what: "its directory", expected: .directory, path: path)
        let fd = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw .unsafeFile(path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .unsafeFile(path, reason: "cannot stat") }
        try check(FileMetadata(st), what: "the file", expected: .regular, path: path)
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .unsafeFile(path, reason: "read failed") }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            guard data.count <= 64 << 20 else { throw .unsafeFile(path, reason: "larger than 64 MiB") }
        }
    }

    private static func requirePrivate(_ path: String, what: String, expected: FileType, path journal: String) throws(Failure) {
        guard case .success(let metadata) = FileMetadata.lstat(path) else {
            throw .unsafeFile(journal, reason: "\(what) cannot be examined")
        }
        try check(metadata, what: what, expected: expected, path: journal)
    }

    private static func check(_ metadata: FileMetadata, what: String, expected: FileType, path: String) throws(Failure) {
        guard metadata.type == expected else { throw .unsafeFile(path, reason: "\(what) is a \(metadata.type.rawValue)") }
        guard metadata.uid == geteuid() else {
            throw .unsafeFile(path, reason: "\(what) is owned by uid \(metadata.uid), not by the invoking user (uid \(geteuid()))")
        }
        guard metadata.permissions & 0o022 == 0 else {
            throw .unsafeFile(path, reason: "\(what) can be written by group or others (mode \(String(metadata.permissions, radix: 8)))")
        }
    }
}
