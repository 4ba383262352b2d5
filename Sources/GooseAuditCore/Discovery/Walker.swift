import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Limits that keep a walk bounded on hostile trees.
public struct WalkLimits: Sendable, Hashable {
    /// How deep below a root the walk descends.
    public var maxDepth: Int
    /// How many entries one walk records before it stops with a notice.
    public var maxEntries: Int

    public init(maxDepth: Int = 64, maxEntries: Int = 500_000) {
        self.maxDepth = maxDepth
        self.maxEntries = maxEntries
    }
}

/// One entry found by the walker.
public struct WalkEntry: Sendable, Hashable {
    public var path: String
    public var relativePath: String
    public var metadata: FileMetadata
    public var symlinkTarget: String?
}

/// What a walk of one root produced.
public struct WalkResult: Sendable {
    public var entries: [WalkEntry]
    public var notices: [Notice]
    /// True when the root looks like a `GOOSE_PATH_ROOT` tree (`config/` beside `data/` or `state/`).
    public var rootLayout: Bool
}

/// A safe, parallel directory walker: `lstat` only, never follows symlinks, never opens FIFOs,
/// sockets or devices, and turns every problem into a notice.
public struct Walker: Sendable {
    public var limits: WalkLimits
    /// Top-level directories never walked: `/proc`, `/sys` and `/dev` hold no goose file.
    static let pseudoFileSystems: Set<String> = ["/proc", "/sys", "/dev"]

    /// Directory names skipped under user-given paths.
    public var skippedNames: Set<String>
    /// Absolute paths not to enter (other scan roots, so nothing is audited twice).
    public var skippedPaths: Set<String>

    public init(limits: WalkLimits = WalkLimits(), skippedNames: Set<String> = [], skippedPaths: Set<String> = []) {
        self.limits = limits
        self.skippedNames = skippedNames
        self.skippedPaths = skippedPaths
    }

    public func walk(_ root: ScanRoot) -> WalkResult {
        let rootMetadata: FileMetadata
        switch FileMetadata.lstat(root.path) {
        case .success(let metadata): rootMetadata = metadata
        case .failure(let error):
            let notices =
                error.errno == ENOENT && root.optional
                ? []
                : [
                    Notice(
                        kind: error.errno == ENOENT ? .rootMissing : .unreadable, path: root.path,
                        message: "cannot scan \(root.label): \(error.reason)")
                ]
            return WalkResult(entries: [], notices: notices, rootLayout: false)
        }
        let rootEntry = WalkEntry(
            path: root.path, relativePath: "", metadata: rootMetadata,
            symlinkTarget: rootMetadata.type == .symlink ? Self.readLink(root.path) : nil)
        guard rootMetadata.type == .directory else {
            let unfollowed = rootMetadata.type == .symlink && root.role != .path && !root.isFile
            let notice = unfollowed ? ScanRoot.unfollowedLinkNotice(root, pointsTo: rootEntry.symlinkTarget) : Self.specialNotice(rootEntry)
            return WalkResult(entries: [rootEntry], notices: notice.map { [$0] } ?? [], rootLayout: false)
        }

        let state = Mutex(State())
        state.withLock {
            $0.entries.append(rootEntry)
            if let notice = root.linkNotice { $0.notices.append(notice) }
        }
        var frontier: [(path: String, relative: String, depth: Int)] = [(root.path, "", 0)]
        var rootLayout = false
        let skipNames = root.role == .path ? skippedNames : []
        while !frontier.isEmpty {
            let level = frontier
            let next = Mutex<[(path: String, relative: String, depth: Int)]>([])
            DispatchQueue.concurrentPerform(iterations: level.count) { index in
                let item = level[index]
                let (children, notices) = Self.list(item.path)
                var dirs: [(String, String, Int)] = []
                var found: [WalkEntry] = []
                var extra = notices
                for child in children {
                    let relative = item.relative.isEmpty ? child.name : item.relative + "/" + child.name
                    let path = item.path == "/" ? "/" + child.name : item.path + "/" + child.name
                    if skippedPaths.contains(path) { continue }
                    // Kernel pseudo file systems (`scan /`): endless, volatile, and full of FIFOs and devices.
                    if item.path == "/", Self.pseudoFileSystems.contains(path) {
                        extra.append(Notice(kind: .other, path: path, message: "kernel pseudo file system; not walked"))
                        continue
                    }
                    var entry = WalkEntry(path: path, relativePath: relative, metadata: child.metadata)
                    if child.metadata.type == .symlink { entry.symlinkTarget = Self.readLink(path) }
                    if let notice = Self.specialNotice(entry) { extra.append(notice) }
                    if child.metadata.type == .directory {
                        if skipNames.contains(child.name) || (!skipNames.isEmpty && child.name.hasPrefix(".build")) { continue }
                        if item.depth + 1 >= limits.maxDepth {
                            extra.append(
                                Notice(
                                    kind: .limitReached, path: path, message: "not descending: depth limit of \(limits.maxDepth) reached"))
                        } else {
                            dirs.append((path, relative, item.depth + 1))
                        }
                    }
                    found.append(entry)
                }
                let accepted = state.withLock { st -> Bool in
                    st.notices.append(contentsOf: extra)
                    guard st.entries.count + found.count <= limits.maxEntries else {
                        if !st.truncated {
                            st.truncated = true
                            st.notices.append(
                                Notice(
                                    kind: .limitReached, path: item.path,
                                    message: "walk stopped: more than \(limits.maxEntries) entries under \(root.label)"))
                        }
                        return false
                    }
                    st.entries.append(contentsOf: found)
                    return true
                }
                if accepted { next.withLock { $0.append(contentsOf: dirs) } }
            }
            if level.count == 1, level[0].relative.isEmpty {
                let names = Set(state.withLock { $0.entries.filter { $0.metadata.type == .directory }.map(\.relativePath) })
                rootLayout = names.contains("config") && (names.contains("data") || names.contains("state"))
            }
            frontier = next.withLock { $0 }.sorted { $0.path < $1.path }
        }
        var result = state.withLock { $0 }
        result.entries.sort { $0.relativePath < $1.relativePath }
        result.notices.sort { ($0.path, $0.message) < ($1.path, $1.message) }
        return WalkResult(entries: result.entries, notices: result.notices, rootLayout: rootLayout)
    }

    private struct State {
        var entries: [WalkEntry] = []
        var notices: [Notice] = []
        var truncated = false
    }

    private struct Child {
        var name: String
        var metadata: FileMetadata
    }

    /// Lists a directory through a descriptor opened without following symlinks.
    private static func list(_ path: String) -> ([Child], [Notice]) {
        let fd = FSPath.withCString(path) { open($0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else {
            let code = errno
            return (
                [],
                [
                    Notice(
                        kind: code == ENOENT ? .vanished : .unreadable, path: path,
                        message: "cannot list directory: \(String(cString: strerror(code)))")
                ]
            )
        }
        guard let dir = fdopendir(fd) else {
            let code = errno
            close(fd)
            return ([], [Notice(kind: .unreadable, path: path, message: "cannot list directory: \(String(cString: strerror(code)))")])
        }
        defer { closedir(dir) }
        var children: [Child] = []
        var notices: [Notice] = []
        while let entry = readdir(dir) {
            let rawName = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) + [0] }
            let name = FSPath.decode(rawName.dropLast())
            if name == "." || name == ".." { continue }
            var st = stat()
            let ok = rawName.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { fstatat(dirfd(dir), $0.baseAddress!, &st, AT_SYMLINK_NOFOLLOW) }
            }
            guard ok == 0 else {
                let code = errno
                let child = path == "/" ? "/" + name : path + "/" + name
                notices.append(
                    Notice(
                        kind: code == ENOENT ? .vanished : .unreadable, path: child,
                        message: code == ENOENT ? "vanished during the scan" : "cannot stat: \(String(cString: strerror(code)))"))
                continue
            }
            if FSPath.isEscaped(name) {
                let child = path == "/" ? "/" + name : path + "/" + name
                notices.append(
                    Notice(kind: .other, path: child, message: "file name is not valid UTF-8; audited, and shown with \\xNN escapes"))
            }
            children.append(Child(name: name, metadata: FileMetadata(st)))
        }
        return (children, notices)
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = FSPath.withCString(path) { readlink($0, &buffer, buffer.count - 1) }
        guard count >= 0 else { return nil }
        return FSPath.decode(buffer[..<count].map { UInt8(bitPattern: $0) })
    }

    private static func specialNotice(_ entry: WalkEntry) -> Notice? {
        switch entry.metadata.type {
        case .fifo, .socket, .characterDevice, .blockDevice, .unknown:
            Notice(kind: .specialFile, path: entry.path, message: "\(entry.metadata.type.rawValue) not opened")
        case .symlink:
            Notice(kind: .symlink, path: entry.path, message: "symlink not followed (points to \(entry.symlinkTarget ?? "?"))")
        case .regular, .directory:
            nil
        }
    }
}
