import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Counts the opens of scanned files, for tests that prove a scan reads each file once. Every reader
/// of a scanned file (`ContentReader.read`, the block readers of caches, the version detector) opens it
/// through `ContentReader.openForReading`, which records here; nothing is recorded unless a test
/// watches a directory.
public enum ReadLedger {
    private static let watchers = Atomic<Int>(0)
    /// Watched directory → path → opens.
    private static let counts = Mutex<[String: [String: Int]]>([:])

    /// Starts counting the opens of files under `directory` (an absolute path).
    public static func watch(_ directory: String) {
        counts.withLock { $0[directory] = [:] }
        watchers.add(1, ordering: .sequentiallyConsistent)
    }

    /// Stops counting under `directory` and returns how often each file under it was opened.
    @discardableResult
    public static func stop(_ directory: String) -> [String: Int] {
        let found = counts.withLock { $0.removeValue(forKey: directory) } ?? [:]
        watchers.subtract(1, ordering: .sequentiallyConsistent)
        return found
    }

    /// How often each file under `directory` was opened so far: by path for opens through
    /// `ContentReader.openForReading`, by `<path> (sqlite)` for SQLite's.
    public static func opens(under directory: String) -> [String: Int] { counts.withLock { $0[directory] } ?? [:] }

    /// Who opened a file.
    public enum Opener: Sendable {
        /// `ContentReader.openForReading`.
        case bytes
        /// SQLite, which opens a database by name (goose's session store).
        case sqlite
    }

    /// Records an open; readers that cannot open through `ContentReader.openForReading` (SQLite) call it themselves.
    public static func record(_ path: String, by opener: Opener = .bytes) {
        guard watchers.load(ordering: .relaxed) > 0 else { return }
        let key = opener == .sqlite ? path + " (sqlite)" : path
        counts.withLock { counts in
            for directory in counts.keys where path.hasPrefix(directory + "/") { counts[directory]?[key, default: 0] += 1 }
        }
    }
}

extension ContentReader {
    /// Opens a scanned file for reading: never blocking, never a terminal, never following a symlink
    /// unless `followingLinks` (a settings file the user names). The one way scanned files are opened
    /// (`ReadLedger` counts here); the caller checks the descriptor is the regular file it expects.
    /// Returns the descriptor, or -1 with `errno` set.
    public static func openForReading(_ path: String, followingLinks: Bool = false) -> Int32 {
        let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (followingLinks ? 0 : O_NOFOLLOW)
        let fd = FSPath.withCString(path) { open($0, flags) }
        if fd >= 0 { ReadLedger.record(path) }
        return fd
    }
}
