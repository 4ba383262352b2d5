import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The bytes of a file, read once, capped, and checked for binary content.
public struct FileContent: Sendable {
    public let bytes: [UInt8]
    /// The file was longer than the cap; only the first `bytes.count` bytes were read.
    public let truncated: Bool
    /// A NUL byte in the first 8 KiB (after any UTF-16 BOM check) marks the file binary.
    public let isBinary: Bool
    /// The text, decoded as UTF-8 with invalid bytes replaced, and without a leading BOM: decoded on first use
    /// (most files of a code repository are only searched as bytes) and shared by every copy.
    public var text: String { textCell.value }
    private let textCell: TextCell

    /// How the text was decoded when that was not plain UTF-8 (`decoded as UTF-16LE`), for a notice.
    public let decoding: String?

    public init(bytes: [UInt8], truncated: Bool) {
        self.truncated = truncated
        // UTF-16 (with a byte-order mark, or ASCII text with every other byte NUL) is decoded, and its
        // bytes are the UTF-8 transcoding, so that every reader and the secret engine see the text.
        if let (text, name) = TextEncoding.utf16(bytes) {
            textCell = TextCell(text: text)
            self.bytes = Array(text.utf8)
            isBinary = false
            decoding = "decoded as \(name)"
            return
        }
        self.bytes = bytes
        let head = bytes.prefix(8192)
        // Most files hold no NUL: one `memchr` says so before any counting.
        let anyNUL = head.withUnsafeBufferPointer { $0.baseAddress.map { memchr($0, 0, head.count) != nil } ?? false }
        let nuls = anyNUL ? head.reduce(0) { $0 + ($1 == 0 ? 1 : 0) } : 0
        // A stray NUL in otherwise valid UTF-8 text is text, with a notice; real binaries are not read.
        // (At most one replacement: the 8 KiB cut may split a character.)
        let invalid =
            nuls == 0 ? 0 : String(decoding: head.filter { $0 != 0 }, as: UTF8.self).unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        isBinary = nuls > 0 && !(head.count >= 16 && nuls <= max(1, head.count / 64) && invalid <= 1)
        decoding = !isBinary && nuls > 0 ? "holds NUL bytes; read as text" : nil
        textCell = isBinary ? TextCell(text: "") : TextCell(decoding: bytes)
    }

    /// The text split into lines (CR LF and LF both end a line).
    public var lines: [Substring] { TextLines.split(text) }
}

/// A file's text, decoded from its bytes the first time it is asked for.
final class TextCell: Sendable {
    private let bytes: [UInt8]
    private let text: Mutex<String?>

    init(text: String) {
        bytes = []
        self.text = Mutex(text)
    }

    init(decoding bytes: [UInt8]) {
        self.bytes = bytes
        text = Mutex(nil)
    }

    var value: String {
        text.withLock { text in
            if let text { return text }
            var body = bytes[...]
            if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
            let decoded = String(decoding: body, as: UTF8.self)
            text = decoded
            return decoded
        }
    }
}

/// Recognises UTF-16 text.
enum TextEncoding {
    static func utf16(_ bytes: [UInt8]) -> (String, String)? {
        var littleEndian: Bool
        var body = bytes[...]
        if bytes.starts(with: [0xFF, 0xFE]) {
            littleEndian = true
            body = body.dropFirst(2)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            littleEndian = false
            body = body.dropFirst(2)
        } else {
            // No mark: ASCII-range text with a NUL in every other byte (so one of the first two bytes is NUL: most
            // files are answered by those two).
            guard bytes.count >= 4, bytes[0] == 0 || bytes[1] == 0 else { return nil }
            let head = Array(bytes.prefix(512))
            guard head.count >= 4, head.count % 2 == 0 else { return nil }
            let even = stride(from: 0, to: head.count, by: 2).map { head[$0] }
            let odd = stride(from: 1, to: head.count, by: 2).map { head[$0] }
            if odd.allSatisfy({ $0 == 0 }) && even.allSatisfy({ $0 != 0 && $0 < 0x80 }) {
                littleEndian = true
            } else if even.allSatisfy({ $0 == 0 }) && odd.allSatisfy({ $0 != 0 && $0 < 0x80 }) {
                littleEndian = false
            } else {
                return nil
            }
        }
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var index = body.startIndex
        while index + 1 < body.endIndex {
            let a = UInt16(body[index])
            let b = UInt16(body[index + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        return (String(decoding: units, as: UTF16.self), littleEndian ? "UTF-16LE" : "UTF-16BE")
    }
}

/// Line splitting shared by every reader, so line numbers agree everywhere.
public enum TextLines {
    /// Splits on LF, CR LF and a lone CR (YAML counts all three as line breaks). Swift treats CR LF as one
    /// `Character`, so each is a separator of its own here.
    /// Works on the UTF-8 view (line breaks are ASCII, so every cut is a valid index): splitting by
    /// `Character` costs grapheme breaking on every byte.
    public static func split(_ text: some StringProtocol) -> [Substring] {
        let text = Substring(text)
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(text[start..<index])
                var next = utf8.index(after: index)
                if byte == 0x0D, next != utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                start = next
                index = next
            } else {
                index = utf8.index(after: index)
            }
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }
}

/// Reads file contents safely: no symlinks, no FIFOs or devices, a size cap, and a check that the
/// file is still the one the walker saw.
public enum ContentReader {
    /// The default cap on bytes read from one file (8 MiB).
    public static let defaultMaxBytes = 8 * 1024 * 1024

    public enum Failure: Error, Sendable {
        case notice(Notice)
    }

    /// Reads `path`, refusing anything that is not the regular file `expected` describes. With
    /// `followingLinks` (a settings file the user names: `.goose-audit.yaml`, a rule file, a baseline) a
    /// symlink is followed, but the open still never blocks and the target must be a regular file.
    public static func read(
        _ path: String, expected: FileMetadata?, maxBytes: Int, followingLinks: Bool = false
    ) -> Result<FileContent, Failure> {
        let fd = openForReading(path, followingLinks: followingLinks)
        guard fd >= 0 else {
            let code = errno
            let kind: Notice.Kind = code == ENOENT ? .vanished : (code == ELOOP ? .symlink : .unreadable)
            let message = code == ENOENT ? "vanished during the scan" : "cannot open: \(String(cString: strerror(code)))"
            return .failure(.notice(Notice(kind: kind, path: path, message: message)))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            return .failure(.notice(Notice(kind: .unreadable, path: path, message: "cannot stat: \(String(cString: strerror(errno)))")))
        }
        let metadata = FileMetadata(st)
        guard metadata.type == .regular else {
            return .failure(.notice(Notice(kind: .specialFile, path: path, message: "\(metadata.type.rawValue) not read")))
        }
        if let expected, expected.inode != metadata.inode || expected.device != metadata.device {
            return .failure(.notice(Notice(kind: .changed, path: path, message: "replaced during the scan; not read")))
        }
        let limit = max(0, maxBytes)
        let wanted = Int(min(Int64(limit), max(0, metadata.size)))
        // Read into uninitialised storage (no zero fill of a buffer the read overwrites), kept up to what was read.
        var failure: Int32?
        var total = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, count in
            while total < wanted {
                let got = Glibc.read(fd, buffer.baseAddress! + total, wanted - total)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if got == 0 { break }
                total += got
            }
            count = total
        }
        if let failure {
            return .failure(.notice(Notice(kind: .unreadable, path: path, message: "read failed: \(String(cString: strerror(failure)))")))
        }
        // A file that grew past the cap, or was larger from the start, is truncated.
        var probe: UInt8 = 0
        let more = total >= limit && Glibc.read(fd, &probe, 1) == 1
        return .success(FileContent(bytes: bytes, truncated: more || metadata.size > Int64(limit)))
    }

    /// The whole of a settings file (never blocking, regular files only), or a reason it cannot be read.
    public static func settingsFile(_ path: String, maxBytes: Int) -> Result<[UInt8], Notice> {
        switch read(path, expected: nil, maxBytes: maxBytes, followingLinks: true) {
        case .success(let content) where content.truncated:
            return .failure(Notice(kind: .tooLarge, path: path, message: "larger than \(maxBytes) bytes"))
        case .success(let content): return .success(content.bytes)
        case .failure(.notice(let notice)): return .failure(notice)
        }
    }
}

/// A notice can be the failure of an operation that is reported as a notice.
extension Notice: Error {}
