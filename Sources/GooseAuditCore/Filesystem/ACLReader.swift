import CACL

#if canImport(Glibc)
    import Glibc
#endif

/// Errors from reading or writing an ACL.
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
        let result = FSPath.withCString(path) { CACL.acl_extended_file_nofollow($0) }
        if result == 1 { return .success(true) }
        if result == 0 { return .success(false) }
        return .failure(error(errno, path))
    }

    /// The access or default ACL of `path`; `nil` for an empty default ACL.
    public static func read(_ path: String, kind: Kind) -> Result<AccessControlList?, ACLError> {
        let type = kind == .access ? acl_type_t(ACL_TYPE_ACCESS) : acl_type_t(ACL_TYPE_DEFAULT)
        guard let acl = FSPath.withCString(path, { acl_get_file($0, type) }) else { return .failure(error(errno, path)) }
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

/// Writes POSIX ACLs through libacl, from the numeric text form (`user:1000:r--`) that
/// `AccessControlList.numericText` gives and journals keep. `path` must name exactly the intended
/// inode (hardening passes `/proc/self/fd/<n>` of a descriptor it opened without following links).
public enum ACLWriter {
    /// Sets the access ACL from text, or resets it to the minimal ACL of `mode` when `text` is nil.
    public static func setAccess(_ text: String?, mode: UInt32, on path: String) -> Result<Void, ACLError> {
        let acl: acl_t? = text.map { text in text.withCString { acl_from_text($0) } } ?? acl_from_mode(mode_t(mode))
        guard let acl else { return .failure(.system(SystemError(errno: errno, path: path))) }
        defer { acl_free(UnsafeMutableRawPointer(acl)) }
        return set(acl, type: acl_type_t(ACL_TYPE_ACCESS), on: path)
    }

    /// Sets the default ACL of a directory from text, or removes it when `text` is nil.
    public static func setDefault(_ text: String?, on path: String) -> Result<Void, ACLError> {
        guard let text else {
            let status = FSPath.withCString(path) { acl_delete_def_file($0) }
            return status == 0 ? .success(()) : .failure(.system(SystemError(errno: errno, path: path)))
        }
        guard let acl = text.withCString({ acl_from_text($0) }) else {
            return .failure(.system(SystemError(errno: errno, path: path)))
        }
        defer { acl_free(UnsafeMutableRawPointer(acl)) }
        return set(acl, type: acl_type_t(ACL_TYPE_DEFAULT), on: path)
    }

    private static func set(_ acl: acl_t, type: acl_type_t, on path: String) -> Result<Void, ACLError> {
        FSPath.withCString(path) { acl_set_file($0, type, acl) } == 0
            ? .success(()) : .failure(.system(SystemError(errno: errno, path: path)))
    }
}
