import CACL
#if canImport(Glibc)
import Glibc
#endif

/// Read, write and execute bits, as in a mode triplet or an ACL entry.
public struct Permission: OptionSet, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue & 0o7 }

    public static let read = Permission(rawValue: 4)
    public static let write = Permission(rawValue: 2)
    public static let execute = Permission(rawValue: 1)

    /// `rw-` style text.
    public var description: String {
        (contains(.read) ? "r" : "-") + (contains(.write) ? "w" : "-") + (contains(.execute) ? "x" : "-")
    }
}

/// One entry of a POSIX ACL.
public struct ACLEntry: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Tag: String, Sendable, Hashable, Codable {
        case owner = "user_obj"
        case namedUser = "user"
        case owningGroup = "group_obj"
        case namedGroup = "group"
        case mask
        case other
    }

    public var tag: Tag
    /// The uid or gid of a named user or group entry.
    public var qualifier: UInt32?
    public var permission: Permission

    public init(tag: Tag, qualifier: UInt32? = nil, permission: Permission) {
        self.tag = tag
        self.qualifier = qualifier
        self.permission = permission
    }

    /// `getfacl` text: `user:alice:r--`, `group::r-x`, `mask::rw-`.
    public var description: String {
        switch tag {
        case .owner: "user::\(permission)"
        case .namedUser: "user:\(PrincipalNames.user(qualifier ?? 0)):\(permission)"
        case .owningGroup: "group::\(permission)"
        case .namedGroup: "group:\(PrincipalNames.group(qualifier ?? 0)):\(permission)"
        case .mask: "mask::\(permission)"
        case .other: "other::\(permission)"
        }
    }
}

/// A POSIX access or default ACL, with the effective rights the mask leaves each entry.
public struct AccessControlList: Sendable, Hashable, Codable {
    public var entries: [ACLEntry]

    public init(entries: [ACLEntry]) { self.entries = entries }

    /// The minimal ACL that mode bits stand for (owner, owning group, other).
    public init(mode: UInt32) {
        entries = [
            ACLEntry(tag: .owner, permission: Permission(rawValue: mode >> 6)),
            ACLEntry(tag: .owningGroup, permission: Permission(rawValue: mode >> 3)),
            ACLEntry(tag: .other, permission: Permission(rawValue: mode)),
        ]
    }

    public var mask: Permission? { entries.first { $0.tag == .mask }?.permission }

    /// Whether the ACL has entries beyond what mode bits express.
    public var isExtended: Bool { entries.contains { $0.tag == .namedUser || $0.tag == .namedGroup || $0.tag == .mask } }

    /// The rights an entry really grants: named users, the owning group and named groups are limited by the mask.
    public func effective(_ entry: ACLEntry) -> Permission {
        switch entry.tag {
        case .namedUser, .owningGroup, .namedGroup:
            guard let mask else { return entry.permission }
            return entry.permission.intersection(mask)
        case .owner, .other, .mask:
            return entry.permission
        }
    }

    /// `getfacl`-style text of every entry, comma separated.
    public var text: String { entries.map(\.description).joined(separator: ",") }
}

/// Errors from reading an ACL.
public enum ACLError: Error, Sendable, Hashable {
    /// The file system does not support POSIX ACLs.
    case unsupported(path: String)
    case system(SystemError)
}

/// Reads POSIX ACLs through libacl. Every libacl pointer lives and dies inside one call.
public enum ACLReader {
    public enum Kind: Sendable {
        case access
        case `default`
    }

    /// Whether `path` carries an extended ACL (cheap; used as a gate before a full read).
    /// The path must not be a symlink: libacl follows links, so callers `lstat` first.
    public static func hasExtendedACL(_ path: String) -> Result<Bool, ACLError> {
        let result = CACL.acl_extended_file_nofollow(path)
        if result == 1 { return .success(true) }
        if result == 0 { return .success(false) }
        return .failure(error(errno, path))
    }

    /// The access or default ACL of `path`; `nil` for an empty default ACL.
    public static func read(_ path: String, kind: Kind) -> Result<AccessControlList?, ACLError> {
        let type = kind == .access ? acl_type_t(ACL_TYPE_ACCESS) : acl_type_t(ACL_TYPE_DEFAULT)
        guard let acl = acl_get_file(path, type) else { return .failure(error(errno, path)) }
        defer { acl_free(UnsafeMutableRawPointer(acl)) }
        var entries: [ACLEntry] = []
        var entry: acl_entry_t?
        var which = ACL_FIRST_ENTRY
        while acl_get_entry(acl, which, &entry) == 1, let current = entry {
            which = ACL_NEXT_ENTRY
            var rawTag: acl_tag_t = 0
            guard acl_get_tag_type(current, &rawTag) == 0, let tag = tag(rawTag) else { continue }
            var qualifier: UInt32?
            if tag == .namedUser || tag == .namedGroup, let pointer = acl_get_qualifier(current) {
                qualifier = pointer.load(as: UInt32.self)
                acl_free(pointer)
            }
            var permset: acl_permset_t?
            var bits: UInt32 = 0
            if acl_get_permset(current, &permset) == 0 {
                if acl_get_perm(permset, acl_perm_t(ACL_READ)) == 1 { bits |= 4 }
                if acl_get_perm(permset, acl_perm_t(ACL_WRITE)) == 1 { bits |= 2 }
                if acl_get_perm(permset, acl_perm_t(ACL_EXECUTE)) == 1 { bits |= 1 }
            }
            entries.append(ACLEntry(tag: tag, qualifier: qualifier, permission: Permission(rawValue: bits)))
        }
        if kind == .default, entries.isEmpty { return .success(nil) }
        return .success(AccessControlList(entries: entries))
    }

    private static func tag(_ raw: acl_tag_t) -> ACLEntry.Tag? {
        switch raw {
        case ACL_USER_OBJ: .owner
        case ACL_USER: .namedUser
        case ACL_GROUP_OBJ: .owningGroup
        case ACL_GROUP: .namedGroup
        case ACL_MASK: .mask
        case ACL_OTHER: .other
        default: nil
        }
    }

    private static func error(_ code: Int32, _ path: String) -> ACLError {
        code == EOPNOTSUPP || code == ENOTSUP ? .unsupported(path: path) : .system(SystemError(errno: code, path: path))
    }
}

/// Turns uids and gids into names for evidence text, falling back to numbers.
public enum PrincipalNames {
    public static func user(_ uid: UInt32) -> String {
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        if getpwuid_r(uid, &pwd, &buffer, buffer.count, &result) == 0, let entry = result {
            return String(cString: entry.pointee.pw_name)
        }
        return String(uid)
    }

    public static func group(_ gid: UInt32) -> String {
        var grp = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 8192)
        if getgrgid_r(gid, &grp, &buffer, buffer.count, &result) == 0, let entry = result {
            return String(cString: entry.pointee.gr_name)
        }
        return String(gid)
    }
}
