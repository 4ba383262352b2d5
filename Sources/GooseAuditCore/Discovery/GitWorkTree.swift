import Foundation

/// A git work tree and the paths its index tracks, read from `.git/index` without running git. git
/// carries neither modes beyond the executable bit, nor owners, nor ACLs: on a tracked file of a checkout
/// those are whatever the clone made of them, so the pipeline leaves its file-mode findings out by default.
public struct GitWorkTree: Sendable {
    /// The work tree's top folder (absolute).
    public var root: String
    /// Tracked paths relative to `root`.
    public var tracked: Set<String>

    /// The work tree that holds `path` (the folder itself or an ancestor with a `.git`), or nil.
    public static func enclosing(_ path: String) -> GitWorkTree? {
        var current = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        for _ in 0..<64 {
            let dotGit = current + "/.git"
            if let gitDirectory = gitDirectory(dotGit), let tracked = readIndex(gitDirectory) {
                return GitWorkTree(root: current, tracked: tracked)
            }
            guard let slash = current.lastIndex(of: "/"), current != "/" else { return nil }
            current = slash == current.startIndex ? "/" : String(current[..<slash])
        }
        return nil
    }

    /// Whether `absolutePath` is a tracked file of this work tree.
    public func tracks(_ absolutePath: String) -> Bool {
        let prefix = root == "/" ? "/" : root + "/"
        guard absolutePath.hasPrefix(prefix) else { return false }
        return tracked.contains(String(absolutePath.dropFirst(prefix.count)))
    }

    /// Whether `absolutePath` is the work tree itself or a folder with tracked files below it.
    public func holdsTracked(_ absolutePath: String) -> Bool {
        if absolutePath == root { return !tracked.isEmpty }
        let prefix = root == "/" ? "/" : root + "/"
        guard absolutePath.hasPrefix(prefix) else { return false }
        let folder = String(absolutePath.dropFirst(prefix.count)) + "/"
        return tracked.contains { $0.hasPrefix(folder) }
    }

    /// `.git` as a folder, or a `gitdir: …` file (worktrees, submodules).
    static func gitDirectory(_ dotGit: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return dotGit }
        // Through the reading seam: a `.git` that is a FIFO or a device is refused, never waited on.
        guard case .success(let content) = ContentReader.read(dotGit, expected: nil, maxBytes: 4096, followingLinks: true),
            !content.truncated, content.text.hasPrefix("gitdir:")
        else { return nil }
        let text = content.text
        let target = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
        let base = String(dotGit.dropLast("/.git".count))
        return target.hasPrefix("/") ? target : base + "/" + target
    }

    /// The paths of a git index (versions 2, 3 and 4; SHA-1 or SHA-256 object names); nil when the index is
    /// missing or not one git writes. At most 64 MiB are read.
    static func readIndex(_ gitDirectory: String) -> Set<String>? {
        let indexPath = gitDirectory + "/index"
        guard let handle = FileHandle(forReadingAtPath: indexPath) else {
            // A repository without an index yet (fresh `git init`) tracks nothing.
            return FileManager.default.fileExists(atPath: gitDirectory + "/HEAD") ? [] : nil
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 64 << 20) else { return nil }
        let config = (try? String(contentsOfFile: gitDirectory + "/config", encoding: .utf8)) ?? ""
        let hashSize = config.range(of: #"objectformat\s*=\s*sha256"#, options: [.regularExpression, .caseInsensitive]) != nil ? 32 : 20
        return parse(Array(data), hashSize: hashSize)
    }

    /// Parses index bytes; nil on anything malformed.
    static func parse(_ bytes: [UInt8], hashSize: Int) -> Set<String>? {
        func u32(_ at: Int) -> Int? {
            guard at + 4 <= bytes.count else { return nil }
            return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        guard bytes.count >= 12, bytes[0..<4] == [0x44, 0x49, 0x52, 0x43],  // "DIRC"
            let version = u32(4), (2...4).contains(version), let count = u32(8)
        else { return nil }
        var paths = Set<String>()
        var offset = 12
        var previous: [UInt8] = []
        for _ in 0..<count {
            let start = offset
            let flagsAt = start + 40 + hashSize
            guard flagsAt + 2 <= bytes.count else { return nil }
            let flags = Int(bytes[flagsAt]) << 8 | Int(bytes[flagsAt + 1])
            offset = flagsAt + 2
            if version >= 3, flags & 0x4000 != 0 { offset += 2 }
            var path: [UInt8]
            if version == 4 {
                var strip = 0
                var byte: UInt8
                repeat {
                    guard offset < bytes.count else { return nil }
                    byte = bytes[offset]
                    offset += 1
                    strip = (strip << 7) | Int(byte & 0x7F)
                    if byte & 0x80 != 0 { strip += 1 }
                } while byte & 0x80 != 0
                guard strip <= previous.count else { return nil }
                path = Array(previous.dropLast(strip))
            } else {
                path = []
            }
            guard let end = bytes[offset...].firstIndex(of: 0) else { return nil }
            path += bytes[offset..<end]
            offset = end + 1
            if version < 4 {
                // Entries are padded with NULs to a multiple of eight bytes.
                let length = offset - start
                offset = start + (length + 7) / 8 * 8
            }
            previous = path
            paths.insert(String(decoding: path, as: UTF8.self))
        }
        return paths
    }
}
