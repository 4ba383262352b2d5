import Foundation
import GooseAuditCore

/// A slice of a file handed to the secret scanner: whole lines when the file has lines short
/// enough, otherwise a cut with `BlockReader.overlap` bytes repeated from the previous block.
struct Block {
    var bytes: [UInt8]
    /// Byte offset of `bytes[0]` in the file.
    var offset: Int
    /// 1-based line number of the first byte.
    var firstLine: Int
    /// The block starts in the middle of a line (columns are not meaningful on that line).
    var startsMidLine: Bool
}

/// Reads a file of any size in bounded memory through a descriptor opened with `O_NOFOLLOW`
/// (a symlink swapped in after discovery is refused, never followed).
enum BlockReader {
    /// The largest block scanned at once; memory stays near this, whatever the file's size.
    static let blockSize = 4 << 20
    /// Bytes repeated at a cut inside a line, so a credential that straddles the cut is still seen.
    static let overlap = 4096

    enum Failure: Error {
        case open(errno: Int32)
        case notRegular
        case read(errno: Int32)

        var message: String {
            switch self {
            case .open(let code): "cannot be opened for reading: \(String(cString: strerror(code)))"
            case .notRegular: "is no longer a regular file; not read"
            case .read(let code): "could not be read to the end: \(String(cString: strerror(code)))"
            }
        }
    }

    /// Calls `body` for each block of the file at `path`. With `lines`, blocks end at a line end
    /// whenever one falls within `blockSize`; without, every cut repeats `overlap` bytes.
    static func forEachBlock(path: String, lines: Bool, _ body: (Block) -> Void) throws(Failure) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw .open(errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw .notRegular }
        var pending: [UInt8] = []
        var offset = 0
        var line = 1
        var midLine = false
        var chunk = [UInt8](repeating: 0, count: blockSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, blockSize - pending.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .read(errno: errno)
            }
            if count == 0 {
                if !pending.isEmpty { body(Block(bytes: pending, offset: offset, firstLine: line, startsMidLine: midLine)) }
                return
            }
            pending.append(contentsOf: chunk[0..<count])
            guard pending.count >= blockSize else { continue }
            if lines, let newline = pending.lastIndex(of: UInt8(ascii: "\n")) {
                let cut = newline + 1
                body(Block(bytes: Array(pending[0..<cut]), offset: offset, firstLine: line, startsMidLine: midLine))
                line += newlines(in: pending[0..<cut])
                offset += cut
                pending.removeFirst(cut)
                midLine = false
            } else {
                body(Block(bytes: pending, offset: offset, firstLine: line, startsMidLine: midLine))
                let dropped = pending.count - overlap
                line += newlines(in: pending[0..<dropped])
                offset += dropped
                midLine = pending[dropped - 1] != UInt8(ascii: "\n")
                pending.removeFirst(dropped)
            }
        }
    }

    /// Reads a whole file through `O_NOFOLLOW`, refusing files larger than `limit` bytes.
    static func readAll(path: String, limit: Int) throws(Failure) -> [UInt8]? {
        var bytes: [UInt8] = []
        var tooLarge = false
        try forEachBlock(path: path, lines: false) { block in
            if block.offset + block.bytes.count > limit { tooLarge = true }
            guard !tooLarge else { return }
            bytes.append(contentsOf: block.bytes.dropFirst(bytes.count - block.offset))
        }
        return tooLarge ? nil : bytes
    }

    private static func newlines(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
