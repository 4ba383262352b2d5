import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

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
    /// Ancestor directories others could write without the sticky bit, but cannot reach for now.
    public var latentReplaceableVia: [DirectoryWrite]
    /// For a directory with a default ACL: what files goose creates in it later will grant others.
    public var inherited: Inheritance?

    public struct DirectoryWrite: Sendable, Hashable, Codable {
        public var directory: String
        public var grant: AccessGrant
        /// For a latent write: the directory above that keeps the principal out for now.
        public var protectedBy: String? = nil
    }

    /// What a directory's default ACL hands to the files created in it from now on.
    public struct Inheritance: Sendable, Hashable, Codable {
        /// Effective grants of the default ACL to principals other than the directory's owner.
        public var grants: [AccessGrant]
        /// Those whose principal can search every directory down to and including this one.
        public var reachableGrants: [AccessGrant]
        /// The nearest directory (possibly this one) that stops some grant.
        public var protectedBy: String?
    }

    public init(
        grants: [AccessGrant], reachableGrants: [AccessGrant], protectedBy: String?,
        replaceableVia: [DirectoryWrite], hasExtendedACL: Bool, aclSupported: Bool,
        latentReplaceableVia: [DirectoryWrite] = [], inherited: Inheritance? = nil
    ) {
        self.grants = grants
        self.reachableGrants = reachableGrants
        self.protectedBy = protectedBy
        self.replaceableVia = replaceableVia
        self.hasExtendedACL = hasExtendedACL
        self.aclSupported = aclSupported
        self.latentReplaceableVia = latentReplaceableVia
        self.inherited = inherited
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
        acl.grants(owner: metadata.uid, group: metadata.gid, modeText: "mode \(metadata.octalMode)")
    }

    /// What files created here later will grant others, through this directory's default ACL
    /// (a default ACL replaces the umask, so even its `other::` entry counts). Assumes goose, running
    /// as the directory's owner, creates them.
    public func inheritedGrants() -> [AccessGrant] {
        defaultACL?.grants(owner: metadata.uid, group: metadata.gid, label: "default acl") ?? []
    }

    /// What `principal` may do here, by the POSIX access check algorithm.
    public func permission(for principal: Principal) -> Permission {
        acl.permission(for: principal, owner: metadata.uid, group: metadata.gid)
    }
}

/// Computes exposure facts, caching the permission state of directories shared by many files.
public final class ExposureAnalyzer: Sendable {
    private let cache = Mutex<[String: PermissionState]>([:])
    private let routes = Mutex<[String: Route]>([:])
    private let unsupportedSeen = Mutex<Bool>(false)

    public init() {}

    /// The permission state of `path` (never following a symlink), or nil if it cannot be read.
    public func state(of path: String) -> PermissionState? {
        if let cached = cache.withLock({ $0[path] }) { return cached }
        guard case .success(let metadata) = FileMetadata.lstat(path) else { return nil }
        let state = Self.readState(path: path, metadata: metadata)
        // Directories (and links standing for them) are shared by many files; files are seen once.
        if metadata.type == .directory || metadata.type == .symlink { cache.withLock { $0[path] = state } }
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
        // acl_extended_file also answers 1 for a directory that has only a default ACL, so nothing is
        // read for the common minimal case.
        switch ACLReader.hasExtendedACL(path) {
        case .success(true):
            if case .success(let full?) = ACLReader.read(path, kind: .access) { acl = full }
            if metadata.type == .directory, case .success(let value) = ACLReader.read(path, kind: .default) {
                defaultACL = value
            }
        case .success(false), .failure(.system):
            break
        case .failure(.unsupported):
            supported = false
        }
        return PermissionState(metadata: metadata, acl: acl, defaultACL: defaultACL, aclSupported: supported)
    }

    /// The exposure of `path`, given its state, through its own rights and every ancestor directory.
    public func exposure(of path: String, state: PermissionState) -> Exposure {
        let grants = state.grants()
        let route = self.route(toReach: path)
        let (reachable, protectedBy) = Self.reach(grants, through: route.directories)
        var inherited: Exposure.Inheritance?
        if state.defaultACL != nil {
            // Files created here are reached through this directory too.
            let inheritedGrants = state.inheritedGrants()
            let (usable, blocker) = Self.reach(inheritedGrants, through: route.directories + [(path, state)])
            inherited = Exposure.Inheritance(grants: inheritedGrants, reachableGrants: usable, protectedBy: blocker)
        }
        return Exposure(
            grants: grants, reachableGrants: reachable, protectedBy: protectedBy, replaceableVia: route.replaceable,
            hasExtendedACL: state.acl.isExtended, aclSupported: state.aclSupported,
            latentReplaceableVia: route.latentReplaceable, inherited: inherited)
    }

    /// The grants whose principal can search every one of `directories`, and the first directory
    /// that stops one of the others.
    static func reach(
        _ grants: [AccessGrant], through directories: [(String, PermissionState)]
    ) -> ([AccessGrant], String?) {
        var reachable: [AccessGrant] = []
        var protectedBy: String?
        for grant in grants {
            if let blocker = directories.first(where: { !$0.1.permission(for: grant.principal).contains(.execute) }) {
                protectedBy = protectedBy ?? blocker.0
            } else {
                reachable.append(grant)
            }
        }
        return (reachable, protectedBy)
    }

    /// The directories on the way to a file and the ones among them others can replace entries in;
    /// shared by every file of one directory.
    struct Route: Sendable {
        var directories: [(String, PermissionState)]
        var replaceable: [Exposure.DirectoryWrite]
        var latentReplaceable: [Exposure.DirectoryWrite]
    }

    /// The route to `path`, computed once per parent directory.
    func route(toReach path: String) -> Route {
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        let parent = slash == path.startIndex ? "/" : String(path[..<slash])
        if let known = routes.withLock({ $0[parent] }) { return known }
        let directories = traversedDirectories(toReach: path)
        var replaceable: [Exposure.DirectoryWrite] = []
        var latent: [Exposure.DirectoryWrite] = []
        for (dir, dirState) in directories {
            let sticky = dirState.metadata.permissions & 0o1000 != 0
            guard !sticky else { continue }
            let above = directories.filter { $0.0 != dir && Self.isAncestor($0.0, of: dir) }
            for grant in dirState.grants() where grant.permission.contains([.write, .execute]) {
                if let blocker = above.first(where: { !$0.1.permission(for: grant.principal).contains(.execute) }) {
                    latent.append(.init(directory: dir, grant: grant, protectedBy: blocker.0))
                } else {
                    replaceable.append(.init(directory: dir, grant: grant))
                }
            }
        }
        let route = Route(directories: directories, replaceable: replaceable, latentReplaceable: latent)
        routes.withLock { $0[parent] = route }
        return route
    }

    /// The directories the kernel searches to reach `path`, with their states: the lexical ancestors up
    /// to the first symlink (a link's own mode means nothing), then, past a symlink, the real directories
    /// the link leads through. Ancestors that cannot be examined are left out.
    func traversedDirectories(toReach path: String) -> [(String, PermissionState)] {
        var out: [(String, PermissionState)] = []
        for dir in Self.ancestors(of: path) {
            guard let dirState = state(of: dir) else { continue }
            guard dirState.metadata.type == .symlink else {
                out.append((dir, dirState))
                continue
            }
            guard let resolved = Self.realPath(of: Self.ancestors(of: path).last ?? "/") else { return out }
            for realDir in Self.ancestors(of: resolved) + [resolved] where !out.contains(where: { $0.0 == realDir }) {
                if let realState = state(of: realDir) { out.append((realDir, realState)) }
            }
            return out
        }
        return out
    }

    /// `realpath(3)`: the path with every symlink followed; nil when it dangles or cannot be resolved.
    public static func realPath(of path: String) -> String? {
        guard let real = FSPath.withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Whether `directory` is `path` or one of its ancestors (`/a` of `/a/b`, `/` of anything).
    static func isAncestor(_ directory: String, of path: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory + "/")
    }

    /// `/a/b/c` → `["/", "/a", "/a/b"]`.
    static func ancestors(of path: String) -> [String] {
        let parts = path.split(separator: "/")
        guard !parts.isEmpty else { return [] }
        var out = ["/"]
        var current = ""
        for part in parts.dropLast() {
            current += "/" + part
            out.append(current)
        }
        return out
    }
}
