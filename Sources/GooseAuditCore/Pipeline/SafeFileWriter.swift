import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes reports, baselines and journals: mode 0600, atomically (a temporary file in the same
/// directory, then `rename`), and never through a symlink at the destination.
public enum SafeFileWriter {
    public enum Failure: Error, CustomStringConvertible {
        case symlinkDestination(String)
        case notRegular(String)
        case system(SystemError)

        public var description: String {
            switch self {
            case .symlinkDestination(let path): "\(path) is a symlink; refusing to write through it"
            case .notRegular(let path): "\(path) exists and is not a regular file; refusing to replace it"
            case .system(let error): "\(error)"
            }
        }
    }

    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws {
        switch FileMetadata.lstat(path) {
        case .success(let metadata) where metadata.type == .symlink:
            throw Failure.symlinkDestination(path)
        case .success(let metadata) where metadata.type != .regular:
            throw Failure.notRegular(path)
        default:
            break
        }
        let directory = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        // The parent is opened without following a symlink, and every ancestor is checked: a symlinked
        // directory (`reports -> /etc` in a scanned repository) never redirects a write.
        let parent = directory.isEmpty ? "." : directory
        if let linked = symlinkedAncestor(of: parent) { throw Failure.symlinkDestination(linked) }
        let dirfd = open(parent, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard dirfd >= 0 else {
            throw errno == ELOOP || errno == ENOTDIR
                ? Failure.symlinkDestination(parent) : Failure.system(SystemError(errno: errno, path: parent))
        }
        defer { close(dirfd) }
        let temporaryName = ".\(base).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let temporary = parent + "/" + temporaryName
        let fd = openat(dirfd, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure.system(SystemError(errno: errno, path: temporary)) }
        var ok = false
        defer {
            if !ok { unlinkat(dirfd, temporaryName, 0) }
        }
        do {
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw Failure.system(SystemError(errno: errno, path: temporary)) }
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let count = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw Failure.system(SystemError(errno: errno, path: temporary))
                    }
                    offset += count
                }
            }
            guard fsync(fd) == 0 else { throw Failure.system(SystemError(errno: errno, path: temporary)) }
        }
        guard renameat(dirfd, temporaryName, dirfd, base) == 0 else { throw Failure.system(SystemError(errno: errno, path: path)) }
        ok = true
    }
}

extension SafeFileWriter {
    /// The first ancestor of `directory` (itself included) that is a symlink, if any.
    static func symlinkedAncestor(of directory: String) -> String? {
        var current = directory
        while !current.isEmpty, current != "/", current != "." {
            if case .success(let metadata) = FileMetadata.lstat(current), metadata.type == .symlink { return current }
            current = (current as NSString).deletingLastPathComponent
        }
        return nil
    }
}

/// goose-audit's own state directory (history database, fix journals): created 0700, never a symlink.
public enum StateDirectory {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `$XDG_STATE_HOME/goose-audit` or `~/.local/state/goose-audit`.
    public static func defaultPath(_ env: GooseEnvironment) -> String? {
        if let state = env["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/goose-audit" }
        return env["HOME"].map { $0 + "/.local/state/goose-audit" }
    }

    /// Creates every missing component 0700, refusing a symlink or a non-directory anywhere on the way.
    public static func ensure(_ directory: String) throws {
        var current = ""
        for component in directory.split(separator: "/") {
            current += "/" + component
            switch FileMetadata.lstat(current) {
            case .success(let metadata) where metadata.type == .directory:
                continue
            case .success(let metadata):
                throw Failure(description: "\(current) is a \(metadata.type.rawValue), not a directory")
            case .failure:
                guard mkdir(current, 0o700) == 0 || errno == EEXIST else {
                    throw Failure(description: "cannot create \(current): \(String(cString: strerror(errno)))")
                }
            }
        }
        // Journals, keys and history are trusted from here: another user's directory, or one others
        // can write (they could plant or swap files), is refused rather than repaired.
        guard case .success(let metadata) = FileMetadata.lstat(directory) else {
            throw Failure(description: "\(directory) cannot be examined")
        }
        guard metadata.uid == geteuid() else {
            throw Failure(description: "state directory \(directory) is owned by uid \(metadata.uid), not by this user; refused")
        }
        guard metadata.permissions & 0o022 == 0 else {
            throw Failure(
                description:
                    "state directory \(directory) can be written by group or others (mode \(String(metadata.permissions, radix: 8))); refused"
            )
        }
        if metadata.permissions & 0o077 != 0 { chmod(directory, 0o700) }
    }
}
