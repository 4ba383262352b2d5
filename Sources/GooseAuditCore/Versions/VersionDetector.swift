import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads goose's version out of installed files without running anything.
///
/// The CLI and server binaries embed the user agent goose sends to MCP servers,
/// `goose/<CARGO_PKG_VERSION>` (`crates/goose/src/agents/extension_manager.rs`, `GOOSE_USER_AGENT`);
/// the desktop app's `package.json` names itself `goose-app` / `Goose` and carries `version`
/// (`ui/desktop/package.json`).
public enum VersionDetector {
    /// The most bytes read from one binary (goose's release binaries are well below this).
    public static let maxBinaryBytes: Int64 = 512 * 1024 * 1024
    static let chunk = 1 << 20
    static let marker = Array("goose/".utf8)

    /// The version embedded in the binary at `path`, reading at most `limit` bytes in chunks through
    /// a descriptor that refuses symlinks and anything but a regular file.
    public static func binaryVersion(at path: String, limit: Int64 = maxBinaryBytes) -> GooseVersion? {
        stream(path, limit: limit) { window, complete in version(in: window, complete: complete) }
    }

    /// The version of goose's desktop app in its `app.asar` archive: the archive stores the app's
    /// `package.json` uncompressed, so its `"name": "goose-app"` is followed by its `"version"`.
    public static func asarVersion(at path: String, limit: Int64 = maxBinaryBytes) -> GooseVersion? {
        stream(path, limit: limit) { window, complete in packageVersion(in: window, complete: complete) }
    }

    /// Feeds `path` to `match` in overlapping windows of 1 MiB until it answers or `limit` bytes
    /// were read; `complete` is false while more bytes may follow the window.
    static func stream(_ path: String, limit: Int64, _ match: ([UInt8], Bool) -> GooseVersion?) -> GooseVersion? {
        let fd = ContentReader.openForReading(path)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, FileMetadata(st).type == .regular else { return nil }
        var buffer = [UInt8](repeating: 0, count: chunk)
        var carry: [UInt8] = []
        var total: Int64 = 0
        while total < limit {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, chunk) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            total += Int64(count)
            let window = carry + buffer[0..<count]
            // A version running into the end of the window may continue in the next chunk.
            if let version = match(window, false) { return version }
            carry = Array(window.suffix(overlap))
        }
        return total < limit ? match(carry, true) : nil
    }

    static let overlap = 1024
    static let appName = Array("\"goose-app\"".utf8)
    static let versionKey = Array("\"version\"".utf8)

    /// `"goose-app"` followed within 512 bytes by `"version": "<x.y.z>"`.
    static func packageVersion(in data: [UInt8], complete: Bool) -> GooseVersion? {
        var index = 0
        while let name = find(appName, in: data, from: index) {
            index = name + 1
            let window = Array(data[name..<min(data.count, name + 512)])
            guard let key = find(versionKey, in: window, from: 0) else {
                if !complete, name + 512 > data.count { return nil }
                continue
            }
            var cursor = key + versionKey.count
            while cursor < window.count, [0x20, 0x3A, 0x09, 0x0A, 0x0D].contains(window[cursor]) { cursor += 1 }
            guard cursor < window.count, window[cursor] == 0x22 else { continue }
            guard let close = window[(cursor + 1)...].firstIndex(of: 0x22) else { continue }
            if let version = GooseVersion(String(decoding: window[(cursor + 1)..<close], as: UTF8.self)) { return version }
        }
        return nil
    }

    /// The first `goose/<major>.<minor>.<patch>` in `bytes` that stands as a word of its own; with
    /// `complete: false` a version that reaches the end of `bytes` is not taken (it may go on).
    public static func version(in bytes: some Collection<UInt8>, complete: Bool = true) -> GooseVersion? {
        let data = Array(bytes)
        var index = 0
        while let start = find(marker, in: data, from: index) {
            index = start + 1
            if start > 0, isWordByte(data[start - 1]) { continue }
            var end = start + marker.count
            while end < data.count, end - start < marker.count + 24, isVersionByte(data[end]) { end += 1 }
            if !complete, end == data.count { continue }
            let text = String(decoding: data[(start + marker.count)..<end], as: UTF8.self)
            if let version = GooseVersion(text) { return version }
        }
        return nil
    }

    /// The version in a desktop `package.json` that belongs to goose's app; nil for any other package.
    public static func packageVersion(_ bytes: [UInt8]) -> GooseVersion? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes.prefix(1 << 20))) as? [String: Any] else { return nil }
        let name = (object["name"] as? String)?.lowercased()
        let product = (object["productName"] as? String)?.lowercased()
        guard name == "goose-app" || product == "goose", let version = object["version"] as? String else { return nil }
        return GooseVersion(version)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x2D || byte == 0x5F
    }

    private static func isVersionByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x2D || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            guard let hit = haystack[index...last].firstIndex(of: needle[0]) else { return nil }
            if haystack[hit..<(hit + needle.count)].elementsEqual(needle) { return hit }
            index = hit + 1
        }
        return nil
    }
}
