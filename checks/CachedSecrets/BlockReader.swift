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

/// Reads a file of any size in bounded memory through a descriptor opened with
/// `O_NOFOLLOW | O_NONBLOCK` (a symlink swapped in after discovery is refused, never followed; a FIFO
/// never blocks) and checked on the descriptor to be the regular file discovery saw. Sparse files are
/// read by their allocated data (`SEEK_DATA`/`SEEK_HOLE`): holes are skipped, not read as zeros.
enum BlockReader {
    /// The largest block scanned at once; memory stays near this, whatever the file's size.
    static let blockSize = 4 << 20
    /// Bytes repeated at a cut inside a line, so a credential that straddles the cut is still seen.
    static let overlap = 4096
    /// `SEEK_DATA` (Linux; Glibc's module map hides it behind `_GNU_SOURCE`): the next data at or
    /// after an offset. A file system without hole support answers with the offset itself.
    static let seekData: Int32 = 3
    /// The default cap on the data bytes read from one cache file (`--max-cache-size`, `max_cache_size`).
    static let defaultMaxBytes = ScanOptions.defaultMaxCacheBytes

    enum Failure: Error {
        case open(errno: Int32)
        case notRegular(String)
        case changed
        case read(errno: Int32)

        var message: String {
            switch self {
            case .open(let code): "cannot be opened for reading: \(String(cString: strerror(code)))"
            case .notRegular(let type): "is not a regular file (\(type)); not read"
            case .changed: "was replaced since discovery; not read"
            case .read(let code): "could not be read to the end: \(String(cString: strerror(code)))"
            }
        }
    }

    /// How a read ended.
    struct Outcome {
        /// Data bytes read (holes excluded).
        var dataBytes = 0
        /// The cap stopped the read before the end of the file.
        var cutShort = false
    }

    /// Calls `body` for each block of the file at `path`. With `lines`, blocks end at a line end
    /// whenever one falls within `blockSize`; without, every cut repeats `overlap` bytes. At most
    /// `maxBytes` data bytes are read; `expected` (discovery's view) must match the opened file.
    @discardableResult
    static func forEachBlock(
        path: String, expected: FileMetadata? = nil, lines: Bool, maxBytes: Int = defaultMaxBytes, _ body: (Block) -> Void
    ) throws(Failure) -> Outcome {
        let descriptor = ContentReader.openForReading(path)
        guard descriptor >= 0 else { throw .open(errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .read(errno: errno) }
        let metadata = FileMetadata(status)
        guard metadata.type == .regular else { throw .notRegular(metadata.type.rawValue) }
        if let expected, expected.inode != metadata.inode || expected.device != metadata.device { throw .changed }
        var outcome = Outcome()
        var pending: [UInt8] = []
        var offset = 0
        var line = 1
        var midLine = false
        /// File position of the next read.
        var position = 0
        var chunk = [UInt8](repeating: 0, count: blockSize)
        while true {
            // Skip a hole: the next data starts further on (ENXIO: no data up to the end).
            let data = lseek(descriptor, off_t(position), Self.seekData)
            let next = data < 0 ? (errno == ENXIO ? -1 : position) : Int(data)
            if next != position {
                if !pending.isEmpty { body(Block(bytes: pending, offset: offset, firstLine: line, startsMidLine: midLine)) }
                line += newlines(in: pending[...])
                if !pending.isEmpty { midLine = pending.last != UInt8(ascii: "\n") }
                pending.removeAll()
                if next < 0 { return outcome }
                offset = next
                position = next
                midLine = true
            }
            let room = min(blockSize - pending.count, maxBytes - outcome.dataBytes)
            let count = room <= 0 ? 0 : chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, room, off_t(position)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .read(errno: errno)
            }
            if count == 0 {
                if room <= 0 {
                    var probe: UInt8 = 0
                    outcome.cutShort = pread(descriptor, &probe, 1, off_t(position)) == 1
                }
                if !pending.isEmpty { body(Block(bytes: pending, offset: offset, firstLine: line, startsMidLine: midLine)) }
                return outcome
            }
            position += count
            outcome.dataBytes += count
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
    static func readAll(path: String, expected: FileMetadata? = nil, limit: Int) throws(Failure) -> [UInt8]? {
        var bytes: [UInt8] = []
        var tooLarge = false
        try forEachBlock(path: path, expected: expected, lines: false) { block in
            if block.offset + block.bytes.count > limit { tooLarge = true }
            guard !tooLarge else { return }
            // A hole before this block reads as zeros (a sparse archive is still an archive).
            if block.offset > bytes.count { bytes.append(contentsOf: repeatElement(0, count: block.offset - bytes.count)) }
            bytes.append(contentsOf: block.bytes.dropFirst(bytes.count - block.offset))
        }
        return tooLarge ? nil : bytes
    }

    /// The notice for a cache the cap cut short.
    static func cutShortNotice(_ path: String, cap: Int) -> Notice {
        Notice(
            kind: .limitReached, path: path,
            message: "holds more than \(cap) bytes of data (the cache cap, --max-cache-size); the rest was not searched")
    }

    private static func newlines(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }
}
