import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// The permission model on its own: effective rights under the mask, the POSIX access check, and
/// exposure through ancestor directories.
struct AccessModelTests {
    static let nobody: UInt32 = 65534

    @Test("named users, the owning group and named groups are limited by the mask; owner and other are not")
    func effectiveUnderMask() {
        let acl = AccessControlList(entries: [
            ACLEntry(tag: .owner, permission: [.read, .write]),
            ACLEntry(tag: .namedUser, qualifier: 1000, permission: [.read, .write]),
            ACLEntry(tag: .owningGroup, permission: [.read, .write]),
            ACLEntry(tag: .namedGroup, qualifier: 100, permission: [.read, .write, .execute]),
            ACLEntry(tag: .mask, permission: .read),
            ACLEntry(tag: .other, permission: .write),
        ])
        #expect(acl.effective(acl.entries[0]) == [.read, .write])
        #expect(acl.effective(acl.entries[1]) == .read)
        #expect(acl.effective(acl.entries[2]) == .read)
        #expect(acl.effective(acl.entries[3]) == .read)
        #expect(acl.effective(acl.entries[5]) == .write)
        #expect(acl.isExtended)
    }

    @Test("without a mask, entries keep their rights; a minimal ACL mirrors the mode")
    func effectiveWithoutMask() {
        let acl = AccessControlList(mode: 0o640)
        #expect(!acl.isExtended)
        #expect(acl.mask == nil)
        #expect(acl.entries.map { acl.effective($0) } == [[.read, .write], .read, []])
        #expect(acl.text == "user::rw-,group::r--,other::---")
    }

    @Test("a mask of --- cancels a named-user grant, so it grants nothing")
    func maskCancelsGrant() {
        let acl = AccessControlList(entries: [
            ACLEntry(tag: .owner, permission: [.read, .write]),
            ACLEntry(tag: .namedUser, qualifier: Self.nobody, permission: [.read, .write]),
            ACLEntry(tag: .owningGroup, permission: []),
            ACLEntry(tag: .mask, permission: []),
            ACLEntry(tag: .other, permission: []),
        ])
        #expect(acl.grants(owner: 0, group: 0).isEmpty)
    }

    @Test("the POSIX check: a matching group entry wins over other, even when other has more")
    func groupEntryWinsOverOther() {
        // Mode 0705: the owning group is denied although everyone else may enter.
        let acl = AccessControlList(mode: 0o705)
        #expect(acl.permission(for: .group(100), owner: 1000, group: 100) == [])
        #expect(acl.permission(for: .group(200), owner: 1000, group: 100) == [.read, .execute])
        #expect(acl.permission(for: .other, owner: 1000, group: 100) == [.read, .execute])
        #expect(acl.permission(for: .user(1000), owner: 1000, group: 100) == [.read, .write, .execute])
    }

    @Test("a user who belongs to the owning group passes a 0750 directory as a group member")
    func userThroughGroupMembership() {
        let acl = AccessControlList(mode: 0o750)
        // nobody's primary group is nogroup (65534).
        let nogroup = PrivateGroups.shared.groups(of: Self.nobody)
        #expect(nogroup.contains(65534))
        #expect(acl.permission(for: .user(Self.nobody), owner: 0, group: 65534) == [.read, .execute])
        #expect(acl.permission(for: .user(Self.nobody), owner: 0, group: 100) == [])
    }

    @Test("a 0644 file under a 0700 directory is protected by that directory, not reachable")
    func protectedByDirectory() throws {
        let tree = try FixtureTree("protected")
        try tree.lay([.directory("", mode: 0o755), .directory("private", mode: 0o700), .file("private/history.txt", "ls\n", mode: 0o644)])
        let analyzer = ExposureAnalyzer()
        let path = tree.path("private/history.txt")
        let exposure = analyzer.exposure(of: path, state: try #require(analyzer.state(of: path)))
        #expect(exposure.grants.map(\.principal) == [.other])
        #expect(exposure.grants.first?.source == "mode 0644")
        #expect(exposure.reachableGrants.isEmpty)
        #expect(exposure.protectedBy == tree.path("private"))
        #expect(!exposure.isReadableByOthers)
    }

    @Test("a sticky 1777 parent is not a way to replace the file; the same directory without the sticky bit is")
    func stickyParent() throws {
        let tree = try FixtureTree("sticky")
        try tree.lay([.directory("", mode: 0o755), .directory("drop", mode: 0o1777), .file("drop/config.yaml", "x: 1\n")])
        let analyzer = ExposureAnalyzer()
        let path = tree.path("drop/config.yaml")
        let sticky = analyzer.exposure(of: path, state: try #require(analyzer.state(of: path)))
        #expect(sticky.replaceableVia.isEmpty)

        try tree.chmod("drop", 0o777)
        let fresh = ExposureAnalyzer()
        let open = fresh.exposure(of: path, state: try #require(fresh.state(of: path)))
        #expect(open.replaceableVia.map(\.directory) == [tree.path("drop")])
        #expect(open.replaceableVia.first?.grant.principal == .other)
        #expect(open.isWorldWritable)
    }

    @Test("a directory's default ACL becomes inherited grants", .enabled(if: TestEnvironment.aclSupported, "needs setfacl"))
    func inheritedGrants() throws {
        let tree = try FixtureTree("inherited")
        try tree.lay([.directory("", mode: 0o755), .directory("logs", mode: 0o700, defaultACL: ["g:nogroup:r", "g::-", "o::-"])])
        let analyzer = ExposureAnalyzer()
        let path = tree.path("logs")
        let exposure = analyzer.exposure(of: path, state: try #require(analyzer.state(of: path)))
        #expect(exposure.grants.isEmpty)
        let inherited = try #require(exposure.inherited)
        #expect(inherited.grants.map(\.principal) == [.group(65534)])
        #expect(inherited.grants.first?.source == "default acl group:nogroup:r-- (effective r-- under mask r--)")
        // nogroup cannot search the 0700 directory itself, so files created there stay out of reach.
        #expect(inherited.reachableGrants.isEmpty)
        #expect(inherited.protectedBy == path)
    }

    @Test("the owner's private group is not counted as others; a shared group is")
    func privateGroups() {
        #expect(PrivateGroups.shared.isPrivate(0, of: 0))
        #expect(!PrivateGroups.shared.isPrivate(100, of: 0))
        #expect(!PrivateGroups.shared.isPrivate(65534, of: Self.nobody))
        #expect(AccessControlList(mode: 0o660).grants(owner: 0, group: 0).isEmpty)
        #expect(AccessControlList(mode: 0o660).grants(owner: 0, group: 100).map(\.principal) == [.group(100)])
    }
}
