import Synchronization

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

/// Who besides the owner can reach a file or directory: the exposure fact every check and the
/// ranking share.
public struct Exposure: Sendable, Hashable, Codable {
    /// Effective grants on the file itself, whether or not its directories let the principal through.
    public var grants: [AccessGrant]
    /// Grants that principals can actually use: those whose every ancestor directory lets them search.
    public var reachableGrants: [AccessGrant]
    /// The nearest ancestor directory that stops some grant (a missing search bit protects the file).
    public var protectedBy: String?
    /// Ancestor directories that other principals can write without the sticky bit: they can replace the file.
    public var replaceableVia: [DirectoryWrite]
    /// Whether an extended ACL takes part.
    public var hasExtendedACL: Bool
    /// False when the file system has no POSIX ACL support (mode bits only).
    public var aclSupported: Bool

    public struct DirectoryWrite: Sendable, Hashable, Codable {
        public var directory: String
        public var grant: AccessGrant
    }

    public init(
        grants: [AccessGrant], reachableGrants: [AccessGrant], protectedBy: String?,
        replaceableVia: [DirectoryWrite], hasExtendedACL: Bool, aclSupported: Bool
    ) {
        self.grants = grants
        self.reachableGrants = reachableGrants
        self.protectedBy = protectedBy
        self.replaceableVia = replaceableVia
        self.hasExtendedACL = hasExtendedACL
        self.aclSupported = aclSupported
    }

    /// Reachable grants that include read.
    public var readers: [AccessGrant] { reachableGrants.filter { $0.permission.contains(.read) } }
    /// Reachable grants that include write.
    public var writers: [AccessGrant] { reachableGrants.filter { $0.permission.contains(.write) } }

    public var isReadableByOthers: Bool { !readers.isEmpty }
    public var isWritableByOthers: Bool { !writers.isEmpty || !replaceableVia.isEmpty }
    public var isWorldReadable: Bool { readers.contains { $0.principal == .other } }
    public var isWorldWritable: Bool {
        writers.contains { $0.principal == .other } || replaceableVia.contains { $0.grant.principal == .other }
    }

    /// Coarse level for ranking: 0 private, 1 a specific user or group, 2 everyone.
    public var readLevel: Int { isWorldReadable ? 2 : (isReadableByOthers ? 1 : 0) }
    public var writeLevel: Int { isWorldWritable ? 2 : (isWritableByOthers ? 1 : 0) }
}

/// The permission state of one path: metadata, its access ACL and, for a directory, the default ACL.
public struct PermissionState: Sendable, Hashable {
    public var metadata: FileMetadata
    public var acl: AccessControlList
    public var defaultACL: AccessControlList?
    public var aclSupported: Bool

    /// Effective grants to principals other than the owner (root is never listed: it bypasses permissions).
    public func grants() -> [AccessGrant] {
        var out: [AccessGrant] = []
        let mode = "mode \(metadata.octalMode)"
        for entry in acl.entries {
            let effective = acl.effective(entry)
            guard !effective.isEmpty else { continue }
            let why: String
            if !acl.isExtended {
                why = mode
            } else if let mask = acl.mask, entry.tag != .other {
                why = "acl \(entry) (effective \(effective) under mask \(mask))"
            } else {
                why = "acl \(entry)"
            }
            switch entry.tag {
            case .namedUser:
                guard let uid = entry.qualifier, uid != 0, uid != metadata.uid else { continue }
                out.append(AccessGrant(principal: .user(uid), permission: effective, source: why))
            case .owningGroup:
                out.append(AccessGrant(principal: .group(metadata.gid), permission: effective, source: why))
            case .namedGroup:
                guard let gid = entry.qualifier else { continue }
                out.append(AccessGrant(principal: .group(gid), permission: effective, source: why))
            case .other:
                out.append(AccessGrant(principal: .other, permission: effective, source: why))
            case .owner, .mask:
                continue
            }
        }
        return out
    }

    /// What `principal` may do here: the owner entry for the owner, a named entry, the owning group, else other.
    public func permission(for principal: Principal) -> Permission {
        func entry(_ tag: ACLEntry.Tag, _ id: UInt32? = nil) -> ACLEntry? {
            acl.entries.first { $0.tag == tag && (id == nil || $0.qualifier == id) }
        }
        let other = entry(.other).map { acl.effective($0) } ?? []
        switch principal {
        case .other:
            return other
        case .user(let uid):
            if uid == metadata.uid { return entry(.owner)?.permission ?? [] }
            if let named = entry(.namedUser, uid) { return acl.effective(named) }
            return other
        case .group(let gid):
            if gid == metadata.gid, let owning = entry(.owningGroup) { return acl.effective(owning).union(other) }
            if let named = entry(.namedGroup, gid) { return acl.effective(named).union(other) }
            return other
        }
    }
}

/// Computes exposure facts, caching the permission state of directories shared by many files.
public final class ExposureAnalyzer: Sendable {
    private let cache = Mutex<[String: PermissionState]>([:])
    private let unsupportedSeen = Mutex<Bool>(false)

    public init() {}

    /// The permission state of `path` (never following a symlink), or nil if it cannot be read.
    public func state(of path: String) -> PermissionState? {
        if let cached = cache.withLock({ $0[path] }) { return cached }
        guard case .success(let metadata) = FileMetadata.lstat(path) else { return nil }
        let state = Self.readState(path: path, metadata: metadata)
        if metadata.type == .directory { cache.withLock { $0[path] = state } }
        return state
    }

    /// True once, the first time a file system without ACL support is met (for a single notice).
    public func takeUnsupportedNotice(_ state: PermissionState) -> Bool {
        guard !state.aclSupported else { return false }
        return unsupportedSeen.withLock { seen in
            defer { seen = true }
            return !seen
        }
    }

    static func readState(path: String, metadata: FileMetadata) -> PermissionState {
        var acl = AccessControlList(mode: metadata.permissions)
        var defaultACL: AccessControlList?
        var supported = true
        guard metadata.type != .symlink else {
            return PermissionState(metadata: metadata, acl: acl, defaultACL: nil, aclSupported: true)
        }
        switch ACLReader.hasExtendedACL(path) {
        case .success(true):
            if case .success(let full?) = ACLReader.read(path, kind: .access) { acl = full }
        case .success(false):
            break
        case .failure(.unsupported):
            supported = false
        case .failure(.system):
            break
        }
        if supported, metadata.type == .directory, case .success(let value) = ACLReader.read(path, kind: .default) {
            defaultACL = value
        }
        return PermissionState(metadata: metadata, acl: acl, defaultACL: defaultACL, aclSupported: supported)
    }

    /// The exposure of `path`, given its state, through its own rights and every ancestor directory.
    public func exposure(of path: String, state: PermissionState) -> Exposure {
        let grants = state.grants()
        var reachable: [AccessGrant] = []
        var protectedBy: String?
        let ancestors = Self.ancestors(of: path)
        let ancestorStates = ancestors.compactMap { dir in self.state(of: dir).map { (dir, $0) } }
        for grant in grants {
            if let blocker = ancestorStates.first(where: { !$0.1.permission(for: grant.principal).contains(.execute) }) {
                protectedBy = protectedBy ?? blocker.0
            } else {
                reachable.append(grant)
            }
        }
        var replaceable: [Exposure.DirectoryWrite] = []
        for (index, (dir, dirState)) in ancestorStates.enumerated() {
            let sticky = dirState.metadata.permissions & 0o1000 != 0
            guard !sticky else { continue }
            let above = ancestorStates[..<index]
            for grant in dirState.grants() where grant.permission.contains([.write, .execute]) {
                guard above.allSatisfy({ $0.1.permission(for: grant.principal).contains(.execute) }) else { continue }
                replaceable.append(.init(directory: dir, grant: grant))
            }
        }
        return Exposure(
            grants: grants, reachableGrants: reachable, protectedBy: protectedBy, replaceableVia: replaceable,
            hasExtendedACL: state.acl.isExtended, aclSupported: state.aclSupported)
    }

    /// `/a/b/c` → `["/", "/a", "/a/b"]`.
    static func ancestors(of path: String) -> [String] {
        let parts = path.split(separator: "/")
        var out = ["/"]
        var current = ""
        for part in parts.dropLast() {
            current += "/" + part
            out.append(current)
        }
        return out
    }
}
