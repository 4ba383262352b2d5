import CACL
import Synchronization

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

    /// The text libacl writes with numeric ids (`user::rw-,user:1000:r--,mask::r--,other::---`): what
    /// fix journals keep, and what `ACLWriter` reads back.
    public var numericText: String {
        entries.map { entry in
            switch entry.tag {
            case .owner: "user::\(entry.permission)"
            case .namedUser: "user:\(entry.qualifier ?? 0):\(entry.permission)"
            case .owningGroup: "group::\(entry.permission)"
            case .namedGroup: "group:\(entry.qualifier ?? 0):\(entry.permission)"
            case .mask: "mask::\(entry.permission)"
            case .other: "other::\(entry.permission)"
            }
        }.joined(separator: ",")
    }

    /// Effective rights this ACL gives principals other than `owner` (root is never listed: it bypasses
    /// permissions; the owner's private group is not "others" either).
    ///
    /// - Parameters:
    ///   - owner: the uid the `user::` entry stands for.
    ///   - group: the gid the `group::` entry stands for.
    ///   - label: how sources are named: `acl` or `default acl`.
    ///   - modeText: the source text when the ACL is minimal (`mode 0644`); nil to always name entries.
    public func grants(owner: UInt32, group: UInt32, label: String = "acl", modeText: String? = nil) -> [AccessGrant] {
        var out: [AccessGrant] = []
        for entry in entries {
            let effective = effective(entry)
            guard !effective.isEmpty else { continue }
            let why: String
            if !isExtended, let modeText {
                why = modeText
            } else if let mask, entry.tag != .other {
                why = "\(label) \(entry) (effective \(effective) under mask \(mask))"
            } else {
                why = "\(label) \(entry)"
            }
            let principal: Principal
            switch entry.tag {
            case .namedUser:
                guard let uid = entry.qualifier, uid != 0, uid != owner else { continue }
                principal = .user(uid)
            case .owningGroup:
                principal = .group(group)
            case .namedGroup:
                guard let gid = entry.qualifier else { continue }
                principal = .group(gid)
            case .other:
                principal = .other
            case .owner, .mask:
                continue
            }
            if case .group(let gid) = principal, PrivateGroups.shared.isPrivate(gid, of: owner) { continue }
            out.append(AccessGrant(principal: principal, permission: effective, source: why))
        }
        return out
    }

    /// What `principal` may do under this ACL, following the POSIX access check algorithm: the owner
    /// entry for the owner, else a named user entry, else every matching group entry (and then never
    /// `other`), else `other`.
    public func permission(for principal: Principal, owner: UInt32, group: UInt32) -> Permission {
        let other = entries.first { $0.tag == .other }.map(effective) ?? []
        func groupRights(_ gids: Set<UInt32>) -> Permission? {
            let matching = entries.filter {
                ($0.tag == .owningGroup && gids.contains(group)) || ($0.tag == .namedGroup && $0.qualifier.map(gids.contains) == true)
            }
            guard !matching.isEmpty else { return nil }
            return matching.reduce(Permission()) { $0.union(effective($1)) }
        }
        switch principal {
        case .other:
            return other
        case .user(let uid):
            if uid == 0 { return [.read, .write, .execute] }
            if uid == owner { return entries.first { $0.tag == .owner }?.permission ?? [] }
            if let named = entries.first(where: { $0.tag == .namedUser && $0.qualifier == uid }) { return effective(named) }
            return groupRights(PrivateGroups.shared.groups(of: uid)) ?? other
        case .group(let gid):
            return groupRights([gid]) ?? other
        }
    }
}

/// Group facts the exposure model needs: a user's groups, and whether a group is a user private
/// group (Debian's `USERGROUPS_ENAB`: a group named after its only user). Lookups are cached.
public final class PrivateGroups: Sendable {
    /// The cache shared by every analysis of one process.
    public static let shared = PrivateGroups()

    private let privateCache = Mutex<[UInt64: Bool]>([:])
    private let groupsCache = Mutex<[UInt32: Set<UInt32>]>([:])
    /// gid → uids whose primary group it is, read once from the user database.
    private let primaryMembers: [UInt32: Set<UInt32>] = {
        var out: [UInt32: Set<UInt32>] = [:]
        setpwent()
        while let entry = getpwent() { out[entry.pointee.pw_gid, default: []].insert(entry.pointee.pw_uid) }
        endpwent()
        return out
    }()

    /// Whether `gid` is the private group of `uid`: named after the user, the user's primary group,
    /// and no other user belongs to it.
    public func isPrivate(_ gid: UInt32, of uid: UInt32) -> Bool {
        let key = UInt64(uid) << 32 | UInt64(gid)
        if let known = privateCache.withLock({ $0[key] }) { return known }
        var verdict = false
        if let user = UserRecord(uid: uid), let group = GroupRecord(gid: gid) {
            verdict =
                user.primaryGroup == gid && group.name == user.name
                && group.members.allSatisfy { $0 == user.name }
                && (primaryMembers[gid] ?? []).subtracting([uid]).isEmpty
        }
        privateCache.withLock { $0[key] = verdict }
        return verdict
    }

    /// Every group `uid` belongs to (primary and supplementary); empty for an unknown user.
    public func groups(of uid: UInt32) -> Set<UInt32> {
        if let known = groupsCache.withLock({ $0[uid] }) { return known }
        var result: Set<UInt32> = []
        if let user = UserRecord(uid: uid) {
            var count: Int32 = 64
            var list = [gid_t](repeating: 0, count: Int(count))
            if getgrouplist(user.name, user.primaryGroup, &list, &count) == -1 {
                list = [gid_t](repeating: 0, count: Int(count))
                _ = getgrouplist(user.name, user.primaryGroup, &list, &count)
            }
            result = Set(list.prefix(Int(max(0, count))))
            result.insert(user.primaryGroup)
        }
        groupsCache.withLock { $0[uid] = result }
        return result
    }
}

/// One user database entry, copied out of `getpwuid_r`.
struct UserRecord {
    var name: String
    var primaryGroup: UInt32

    init?(uid: UInt32) {
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &pwd, &buffer, buffer.count, &result) == 0, let entry = result else { return nil }
        name = String(cString: entry.pointee.pw_name)
        primaryGroup = entry.pointee.pw_gid
    }
}

/// One group database entry, copied out of `getgrgid_r`.
struct GroupRecord {
    var name: String
    var members: [String]

    init?(gid: UInt32) {
        var grp = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getgrgid_r(gid, &grp, &buffer, buffer.count, &result) == 0, let entry = result else { return nil }
        name = String(cString: entry.pointee.gr_name)
        var members: [String] = []
        var cursor = entry.pointee.gr_mem
        while let member = cursor?.pointee {
            members.append(String(cString: member))
            cursor = cursor?.advanced(by: 1)
        }
        self.members = members
    }
}

/// Turns uids and gids into names for evidence text, falling back to numbers.
public enum PrincipalNames {
    public static func user(_ uid: UInt32) -> String { UserRecord(uid: uid)?.name ?? String(uid) }

    public static func group(_ gid: UInt32) -> String { GroupRecord(gid: gid)?.name ?? String(gid) }
}
