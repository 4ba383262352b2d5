import CZlib

/// A minimal in-memory zip reader for diagnostics bundles: stored and deflated entries, no zip64,
/// no encryption, with hard caps so that a zip bomb becomes a notice and never an allocation.
struct ZipArchive {
    struct Entry {
        var name: String
        var method: UInt16
        var flags: UInt16
        var compressedSize: Int
        var size: Int
        var localHeaderOffset: Int
    }

    /// Caps on what one archive may make us hold.
    struct Limits {
        var maxEntries = 10_000
        var maxEntryBytes = 64 << 20
        var maxTotalBytes = 256 << 20
        /// Largest uncompressed/compressed ratio accepted for entries above 1 MiB.
        var maxRatio = 200
    }

    enum Failure: Error, Equatable {
        case notZip
        case truncated
        case zip64
        case tooManyEntries(Int)
        case bomb(entry: String, reason: String)
        case corrupt(entry: String)
        case unsupported(entry: String, reason: String)

        var message: String {
            switch self {
            case .notZip: "is not a zip archive (no end-of-central-directory record); not searched"
            case .truncated: "is a truncated zip archive; not searched"
            case .zip64: "is a zip64 archive, which is not read; not searched"
            case .tooManyEntries(let count): "holds \(count) entries, more than the limit; not searched"
            case .bomb(let entry, let reason): "entry \(entry) \(reason) (a zip bomb?); the rest of the archive was not searched"
            case .corrupt(let entry): "entry \(entry) cannot be inflated; skipped"
            case .unsupported(let entry, let reason): "entry \(entry) \(reason); skipped"
            }
        }
    }

    let bytes: [UInt8]
    let entries: [Entry]
    let limits: Limits

    init(_ bytes: [UInt8], limits: Limits = Limits()) throws(Failure) {
        self.bytes = bytes
        self.limits = limits
        guard bytes.count >= 22 else { throw .notZip }
        let floor = max(0, bytes.count - 22 - 0xFFFF)
        guard let end = stride(from: bytes.count - 22, through: floor, by: -1).first(where: { Self.u32(bytes, $0) == 0x0605_4B50 }) else {
            throw .notZip
        }
        let count = Int(Self.u16(bytes, end + 10))
        let directory = Int(Self.u32(bytes, end + 16))
        if count == 0xFFFF || directory == 0xFFFF_FFFF { throw .zip64 }
        guard count <= limits.maxEntries else { throw .tooManyEntries(count) }
        var entries: [Entry] = []
        var cursor = directory
        for _ in 0..<count {
            guard cursor + 46 <= bytes.count, Self.u32(bytes, cursor) == 0x0201_4B50 else { throw .truncated }
            let nameLength = Int(Self.u16(bytes, cursor + 28))
            let extra = Int(Self.u16(bytes, cursor + 30)) + Int(Self.u16(bytes, cursor + 32))
            guard cursor + 46 + nameLength <= bytes.count else { throw .truncated }
            entries.append(
                Entry(
                    name: String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self),
                    method: Self.u16(bytes, cursor + 10), flags: Self.u16(bytes, cursor + 8),
                    compressedSize: Int(Self.u32(bytes, cursor + 20)), size: Int(Self.u32(bytes, cursor + 24)),
                    localHeaderOffset: Int(Self.u32(bytes, cursor + 42))))
            cursor += 46 + nameLength + extra
        }
        self.entries = entries
    }

    /// Calls `body` with each file entry's uncompressed bytes, in archive order. Entries that
    /// cannot be read are passed to `skipped`; a cap hit stops the walk with `.bomb`.
    func forEachEntry(_ body: (Entry, [UInt8]) -> Void, skipped: (Failure) -> Void) throws(Failure) {
        var total = 0
        for entry in entries where !entry.name.hasSuffix("/") {
            if entry.flags & 1 != 0 {
                skipped(.unsupported(entry: entry.name, reason: "is encrypted"))
                continue
            }
            guard entry.method == 0 || entry.method == 8 else {
                skipped(.unsupported(entry: entry.name, reason: "uses compression method \(entry.method)"))
                continue
            }
            if entry.size > limits.maxEntryBytes { throw .bomb(entry: entry.name, reason: "declares \(entry.size) bytes") }
            if entry.size > 1 << 20, entry.size / max(entry.compressedSize, 1) > limits.maxRatio {
                throw .bomb(entry: entry.name, reason: "declares a compression ratio above \(limits.maxRatio)")
            }
            let header = entry.localHeaderOffset
            guard header + 30 <= bytes.count, Self.u32(bytes, header) == 0x0403_4B50 else { throw .truncated }
            let start = header + 30 + Int(Self.u16(bytes, header + 26)) + Int(Self.u16(bytes, header + 28))
            guard start + entry.compressedSize <= bytes.count else { throw .truncated }
            let stored = bytes[start..<(start + entry.compressedSize)]
            // Never trust the declared size: inflate at most what is left of the caps.
            let budget = min(limits.maxEntryBytes, limits.maxTotalBytes - total)
            let data: [UInt8]
            if entry.method == 0 {
                data = Array(stored)
            } else {
                switch Self.inflate(stored, limit: budget) {
                case .success(let inflated): data = inflated
                case .failure(.overLimit): throw .bomb(entry: entry.name, reason: "inflates past the size limit")
                case .failure(.corrupt):
                    skipped(.corrupt(entry: entry.name))
                    continue
                }
            }
            total += data.count
            if total > limits.maxTotalBytes { throw .bomb(entry: entry.name, reason: "takes the archive past the total size limit") }
            body(entry, data)
        }
    }

    enum InflateFailure: Error {
        case overLimit
        case corrupt
    }

    /// Raw deflate (no zlib header), producing at most `limit` bytes.
    static func inflate(_ input: ArraySlice<UInt8>, limit: Int) -> Result<[UInt8], InflateFailure> {
        var stream = z_stream()
        guard czlib_inflate_init_raw(&stream) == Z_OK else { return .failure(.corrupt) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = Array(input)
        return input.withUnsafeMutableBufferPointer { source -> Result<[UInt8], InflateFailure> in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, buffer.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limit { return .failure(.overLimit) }
                switch status {
                case Z_STREAM_END: return .success(output)
                case Z_OK: if produced == 0 && stream.avail_in == 0 { return .failure(.corrupt) }
                case Z_BUF_ERROR where produced > 0: continue
                default: return .failure(.corrupt)
                }
            }
        }
    }

    static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}

/// A zip archive with one stored entry whose every byte is ASCII, so that it fits in a check
/// example (examples hold text): the entry is padded with spaces until its CRC and sizes are.
enum ZipExample {
    static func stored(name: String, text: String) -> String {
        for padding in 0..<100_000 {
            let data = Array((text + String(repeating: " ", count: padding)).utf8)
            let crc = UInt32(data.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) })
            let name = Array(name.utf8)
            let local =
                header(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc)
                + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(name.count)) + le16(0) + name + data
            let central =
                header(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc)
                + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0)
                + le16(0) + le32(0) + le32(0) + name
            let end =
                header(0x0605_4B50) + le16(0) + le16(0) + le16(1) + le16(1) + le32(UInt32(central.count))
                + le32(UInt32(local.count)) + le16(0)
            let archive = local + central + end
            if archive.allSatisfy({ $0 < 0x80 }) { return String(decoding: archive, as: UTF8.self) }
        }
        preconditionFailure("no ASCII-only padding found for the example archive")
    }

    private static func header(_ value: UInt32) -> [UInt8] { le32(value) }
    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
