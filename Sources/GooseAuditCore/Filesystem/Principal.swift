import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Someone other than a file's owner.
public enum Principal: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    case user(UInt32)
    case group(UInt32)
    case other

    public var description: String {
        switch self {
        case .user(let uid): "user:\(PrincipalNames.user(uid))"
        case .group(let gid): "group:\(PrincipalNames.group(gid))"
        case .other: "other"
        }
    }

    private var order: (Int, UInt32) {
        switch self {
        case .other: (0, 0)
        case .group(let gid): (1, gid)
        case .user(let uid): (2, uid)
        }
    }

    public static func < (lhs: Principal, rhs: Principal) -> Bool { lhs.order < rhs.order }
}

/// One right that a principal other than the owner effectively holds, and why.
public struct AccessGrant: Sendable, Hashable, Codable {
    public var principal: Principal
    public var permission: Permission
    /// Why: `mode 0644`, or `acl user:alice:rw- (effective r-- under mask r--)`.
    public var source: String

    public init(principal: Principal, permission: Permission, source: String) {
        self.principal = principal
        self.permission = permission
        self.source = source
    }
}
