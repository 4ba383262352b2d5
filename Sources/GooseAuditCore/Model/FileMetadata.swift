#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The type of a directory entry, as `lstat` sees it (symlinks are never followed).
public enum FileType: String, Sendable, Codable, Hashable {
    case regular
    case directory
    case symlink
    case fifo
    case socket
    case characterDevice = "character-device"
    case blockDevice = "block-device"
    case unknown

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        default: self = .unknown
        }
    }
}

/// What `lstat` says about a file, kept as plain values.
public struct FileMetadata: Sendable, Hashable, Codable {
    public var type: FileType
    /// Permission bits including setuid, setgid and sticky (`mode & 07777`).
    public var permissions: UInt32
    public var uid: UInt32
    public var gid: UInt32
    public var size: Int64
    public var modificationTime: Int64
    public var inode: UInt64
    public var device: UInt64
    public var linkCount: UInt64

    public init(
        type: FileType, permissions: UInt32, uid: UInt32, gid: UInt32, size: Int64 = 0,
        modificationTime: Int64 = 0, inode: UInt64 = 0, device: UInt64 = 0, linkCount: UInt64 = 1
    ) {
        self.type = type
        self.permissions = permissions
        self.uid = uid
        self.gid = gid
        self.size = size
        self.modificationTime = modificationTime
        self.inode = inode
        self.device = device
        self.linkCount = linkCount
    }

    public init(_ st: stat) {
        self.init(
            type: FileType(mode: st.st_mode),
            permissions: UInt32(st.st_mode) & 0o7777,
            uid: st.st_uid,
            gid: st.st_gid,
            size: Int64(st.st_size),
            modificationTime: Int64(st.st_mtim.tv_sec),
            inode: UInt64(st.st_ino),
            device: UInt64(st.st_dev),
            linkCount: UInt64(st.st_nlink))
    }

    /// `lstat` of `path`; never follows a final symlink.
    public static func lstat(_ path: String) -> Result<FileMetadata, SystemError> {
        var st = stat()
        guard FSPath.withCString(path, { Glibc.lstat($0, &st) }) == 0 else { return .failure(SystemError(errno: errno, path: path)) }
        return .success(FileMetadata(st))
    }

    /// The permission bits as four octal digits (`0644`).
    public var octalMode: String { Self.octal(permissions) }

    public static func octal(_ bits: UInt32) -> String {
        let text = String(bits & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}

/// A failed system call, with the path it was about.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    public let errno: Int32
    public let path: String

    public init(errno: Int32, path: String) {
        self.errno = errno
        self.path = path
    }

    public var reason: String { String(cString: strerror(errno)) }
    public var description: String { "\(path): \(reason)" }
}
