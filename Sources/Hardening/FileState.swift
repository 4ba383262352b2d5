import GooseAuditCore

#if canImport(Glibc)
    import Glibc
#endif

/// The permission state of one file as hardening sees it: identity, mode, owner and ACL texts
/// (numeric ids, so a journal restores exactly what was there).
public struct FileState: Sendable, Hashable, Codable {
    public var inode: UInt64
    public var device: UInt64
    public var type: FileType
    public var mode: UInt32
    public var uid: UInt32
    public var gid: UInt32
    /// The access ACL in numeric text form; nil when the ACL is the minimal one the mode expresses.
    public var acl: String?
    /// The default ACL of a directory in numeric text form; nil when there is none.
    public var defaultACL: String?

    /// Whether `other` describes the same file in the same state (identity, mode, owner, ACLs).
    public func sameState(as other: FileState) -> Bool { self == other }
}

/// Errors of the hardening layer, each naming the path and what was expected.
public enum HardeningError: Error, Sendable, CustomStringConvertible, Equatable {
    case unsafePath(String, reason: String)
    case system(String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .unsafePath(let path, let reason): "\(path): \(reason)"
        case .system(let path, let operation, let code): "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}

/// Opens paths for hardening without following any symlink on the way (every component is opened
/// with `O_NOFOLLOW` relative to its parent), and changes them through `/proc/self/fd`, which names
/// exactly the opened inode.
public struct SafeHandle: ~Copyable {
    public let fd: Int32
    public let path: String

    /// Walks `path` component by component from `/`, refusing symlinks anywhere on the way.
    public init(opening path: String) throws(HardeningError) {
        guard path.hasPrefix("/") else { throw .unsafePath(path, reason: "not an absolute path") }
        var current = open("/", OpenFlags.path | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw .system("/", operation: "open", errno: errno) }
        let components = path.split(separator: "/").map(String.init)
        for (index, component) in components.enumerated() {
            guard component != "..", component != "." else {
                close(current)
                throw .unsafePath(path, reason: "contains '\(component)'")
            }
            let isLast = index == components.count - 1
            let next = FSPath.withCString(component) {
                openat(current, $0, OpenFlags.path | O_NOFOLLOW | O_CLOEXEC | (isLast ? 0 : O_DIRECTORY))
            }
            let code = errno
            close(current)
            guard next >= 0 else {
                throw code == ENOTDIR || code == ELOOP
                    ? .unsafePath(path, reason: "a component is a symlink or not a directory")
                    : .system(path, operation: "open", errno: code)
            }
            current = next
        }
        var st = stat()
        guard fstat(current, &st) == 0 else {
            let code = errno
            close(current)
            throw .system(path, operation: "stat", errno: code)
        }
        let type = FileMetadata(st).type
        guard type == .regular || type == .directory else {
            close(current)
            throw .unsafePath(path, reason: "is a \(type.rawValue); only regular files and directories are changed")
        }
        fd = current
        self.path = path
    }

    deinit { close(fd) }

    /// The path that reaches exactly this inode.
    var procPath: String { "/proc/self/fd/\(fd)" }

    public func state() throws(HardeningError) -> FileState {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .system(path, operation: "stat", errno: errno) }
        let metadata = FileMetadata(st)
        let access = try readACL(.access)
        let defaults = metadata.type == .directory ? try readACL(.default) : nil
        return FileState(
            inode: metadata.inode, device: metadata.device, type: metadata.type, mode: metadata.permissions,
            uid: metadata.uid, gid: metadata.gid, acl: access?.isExtended == true ? access?.numericText : nil,
            defaultACL: (defaults?.entries.isEmpty ?? true) ? nil : defaults?.numericText)
    }

    /// Gives the opened inode to `uid` (the group is kept) through `/proc/self/fd`, like `chmod`: exactly the
    /// opened inode, never a path looked up again.
    public func chown(_ uid: UInt32) throws(HardeningError) {
        guard Glibc.chown(procPath, uid_t(uid), gid_t.max) == 0 else {
            throw .system(path, operation: "chown", errno: errno)
        }
    }

    public func chmod(_ mode: UInt32) throws(HardeningError) {
        guard Glibc.chmod(procPath, mode_t(mode)) == 0 else { throw .system(path, operation: "chmod", errno: errno) }
    }

    /// Sets the access ACL from text, or resets it to the minimal ACL of `mode` when `text` is nil.
    public func setACL(_ text: String?, mode: UInt32) throws(HardeningError) {
        try check(ACLWriter.setAccess(text, mode: mode, on: procPath), "set ACL")
    }

    /// Sets the default ACL of a directory from text, or removes it when `text` is nil.
    public func setDefaultACL(_ text: String?) throws(HardeningError) {
        try check(ACLWriter.setDefault(text, on: procPath), text == nil ? "remove default ACL" : "set default ACL")
    }

    /// The ACL through Core's reader; nil where the file system has no ACL support.
    private func readACL(_ kind: ACLReader.Kind) throws(HardeningError) -> AccessControlList? {
        switch ACLReader.read(procPath, kind: kind) {
        case .success(let acl): return acl
        case .failure(.unsupported): return nil
        case .failure(.system(let error)): throw .system(path, operation: "read ACL", errno: error.errno)
        }
    }

    private func check(_ result: Result<Void, ACLError>, _ operation: String) throws(HardeningError) {
        switch result {
        case .success: return
        case .failure(.unsupported): throw .system(path, operation: operation, errno: EOPNOTSUPP)
        case .failure(.system(let error)): throw .system(path, operation: operation, errno: error.errno)
        }
    }
}
