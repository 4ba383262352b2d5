import CACL
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
        var current = open("/", cacl_o_path() | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw .system("/", operation: "open", errno: errno) }
        let components = path.split(separator: "/").map(String.init)
        for (index, component) in components.enumerated() {
            guard component != "..", component != "." else {
                close(current)
                throw .unsafePath(path, reason: "contains '\(component)'")
            }
            let isLast = index == components.count - 1
            let next = FSPath.withCString(component) { openat(current, $0, cacl_o_path() | O_NOFOLLOW | O_CLOEXEC | (isLast ? 0 : O_DIRECTORY)) }
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
        let access = try readACL(acl_type_t(ACL_TYPE_ACCESS))
        let isMinimal = access.map { Self.isMinimal($0) } ?? true
        let defaults = metadata.type == .directory ? try readACL(acl_type_t(ACL_TYPE_DEFAULT)) : nil
        return FileState(
            inode: metadata.inode, device: metadata.device, type: metadata.type, mode: metadata.permissions,
            uid: metadata.uid, gid: metadata.gid, acl: isMinimal ? nil : access,
            defaultACL: (defaults?.isEmpty ?? true) ? nil : defaults)
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
        let acl: acl_t? = text.map { acl_from_text($0) } ?? acl_from_mode(mode_t(mode))
        guard let acl else { throw .system(path, operation: "parse ACL", errno: errno) }
        defer { acl_free(UnsafeMutableRawPointer(acl)) }
        guard acl_set_file(procPath, acl_type_t(ACL_TYPE_ACCESS), acl) == 0 else {
            throw .system(path, operation: "set ACL", errno: errno)
        }
    }

    /// Sets the default ACL of a directory from text, or removes it when `text` is nil.
    public func setDefaultACL(_ text: String?) throws(HardeningError) {
        guard let text else {
            guard acl_delete_def_file(procPath) == 0 else { throw .system(path, operation: "remove default ACL", errno: errno) }
            return
        }
        guard let acl = acl_from_text(text) else { throw .system(path, operation: "parse default ACL", errno: errno) }
        defer { acl_free(UnsafeMutableRawPointer(acl)) }
        guard acl_set_file(procPath, acl_type_t(ACL_TYPE_DEFAULT), acl) == 0 else {
            throw .system(path, operation: "set default ACL", errno: errno)
        }
    }

    private func readACL(_ type: acl_type_t) throws(HardeningError) -> String? {
        guard let acl = acl_get_file(procPath, type) else {
            if errno == ENOTSUP || errno == EOPNOTSUPP { return nil }
            throw .system(path, operation: "read ACL", errno: errno)
        }
        defer { acl_free(UnsafeMutableRawPointer(acl)) }
        guard let text = acl_to_any_text(acl, nil, CChar(UInt8(ascii: ",")), Int32(TEXT_NUMERIC_IDS)) else { return nil }
        defer { acl_free(UnsafeMutableRawPointer(text)) }
        return String(cString: text)
    }

    /// A minimal ACL has exactly the owner, owning group and other entries.
    static func isMinimal(_ text: String) -> Bool {
        text.split(separator: ",").allSatisfy { entry in
            entry.hasPrefix("user::") || entry.hasPrefix("group::") || entry.hasPrefix("other::")
        }
    }
}
