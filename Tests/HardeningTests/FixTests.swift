import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Hardening
import Synchronization
import Testing

/// A test-only fixable check: any artifact whose mode or ACL grants something to group, other or a
/// named principal (independent of the shipped modules, so these tests pin the hardening engine).
struct AnyExposureCheck: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "test_any_exposure", title: "test", summary: "test", rationale: "test", remediation: "make it private",
        severity: .high, category: .filesystem, kind: .exposure,
        artifactKinds: Set(ArtifactKind.allCases).subtracting([.symlink]), fixable: true)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let state = ExposureAnalyzer.readStateForTests(target.artifact.path)
        guard target.artifact.metadata.permissions & 0o077 != 0 || state.acl.isExtended || state.defaultACL != nil else { return [] }
        return [descriptor.finding("exposed", at: target.artifact, evidence: .fact(target.artifact.metadata.octalMode))]
    }
}

extension ExposureAnalyzer {
    static func readStateForTests(_ path: String) -> PermissionState {
        ExposureAnalyzer().state(of: path)!
    }
}

/// `stat` mode, `getfacl -n` text and mtime of every path in a tree: the state a dry run must keep.
func snapshot(_ tree: FixtureTree) throws -> [String: String] {
    var out: [String: String] = [:]
    let listing = try Shell.run("/usr/bin/find", [tree.root, "-printf", "%P %m %T@\\n"])
    for line in listing.split(separator: "\n") {
        let relative = String(line.split(separator: " ").first ?? "")
        let acl =
            TestEnvironment.aclSupported
            ? (try? Shell.run("/usr/bin/getfacl", ["-n", "-p", "--absolute-names", tree.path(relative)])) ?? "" : ""
        out[relative] = String(line) + "\n" + acl
    }
    return out
}

func plan(_ tree: FixtureTree, role: RootRole = .config) -> (FixPlan, ScanResult) {
    let result = CheckRunner.scan([AnyExposureCheck()], root: tree.root, role: role)
    let descriptors = Dictionary(uniqueKeysWithValues: result.descriptors.map { ($0.id, $0) })
    return (FixPlanner.plan(findings: result.findings, descriptors: descriptors), result)
}

@Suite(.serialized)
struct FixTests {
    func riskyTree() throws -> FixtureTree {
        let tree = try FixtureTree("risky")
        try tree.directory("sessions", mode: 0o755)
        try tree.file("secrets.yaml", "K: v\n", mode: 0o644)
        try tree.file("config.yaml", "GOOSE_MODE: approve\n", mode: 0o664)
        try tree.file("sessions/sessions.db", "", mode: 0o640)
        try tree.file("hooks.sh", "#!/bin/sh\n", mode: 0o4755)
        return tree
    }

    @Test func planNamesExactChangesAndAppliesThem() throws {
        let tree = try riskyTree()
        let (plan, _) = plan(tree)
        let steps = plan.actions.flatMap(\.steps)
        #expect(steps.contains("chmod 0600 \(tree.path("secrets.yaml"))   (was 0644)"))
        #expect(steps.contains("chmod 0700 \(tree.path("sessions"))   (was 0755)"))
        #expect(steps.contains("chmod 4700 \(tree.path("hooks.sh"))   (was 4755)"), "setuid is kept, only group and other lose bits")
        let journal = Mutex<Journal?>(nil)
        let outcome = FixExecutor { j in journal.withLock { $0 = j } }.apply(plan, tool: "test")
        #expect(outcome.notices.isEmpty, "\(outcome.notices)")
        #expect(outcome.journal.entries.count == plan.actions.count)
        let (after, _) = Self.rescan(tree)
        #expect(after.actions.isEmpty, "a re-scan shows none of the fixed findings: \(after.actions.map(\.path))")
        #expect(journal.withLock { $0?.entries.count } == plan.actions.count, "the journal is persisted as it goes")
    }

    static func rescan(_ tree: FixtureTree) -> (FixPlan, ScanResult) { plan(tree) }

    @Test func undoRestoresTheExactPreviousState() throws {
        let tree = try riskyTree()
        if TestEnvironment.aclSupported {
            try tree.setfacl("secrets.yaml", ["u:nobody:r"])
            try tree.setfacl("sessions", ["u:nobody:rx"], default: true)
            try tree.setfacl("sessions", ["g:nogroup:rx"])
        }
        let before = try snapshot(tree)
        let (plan, _) = plan(tree)
        let outcome = FixExecutor { _ in }.apply(plan, tool: "test")
        #expect(outcome.notices.isEmpty)
        #expect(try snapshot(tree) != before)
        let notices = FixExecutor.undo(outcome.journal)
        #expect(notices.isEmpty, "\(notices)")
        let restored = try snapshot(tree)
        for (path, state) in before {
            // mtimes are untouched by chmod/ACL changes, so the whole line must match.
            #expect(restored[path] == state, "\(path) differs after undo")
        }
    }

    @Test func undoLeavesAPathAloneIfItChangedSinceTheFix() throws {
        let tree = try riskyTree()
        let (plan, _) = plan(tree)
        let outcome = FixExecutor { _ in }.apply(plan, tool: "test")
        try tree.chmod("secrets.yaml", 0o400)
        let notices = FixExecutor.undo(outcome.journal)
        #expect(notices.contains { $0.path.hasSuffix("secrets.yaml") && $0.kind == .changed })
        #expect(try FileManager.default.attributesOfItem(atPath: tree.path("secrets.yaml"))[.posixPermissions] as? Int == 0o400)
    }

    @Test func aFileSwappedForASymlinkBetweenPlanAndApplyIsSkipped() throws {
        let tree = try riskyTree()
        let victim = try FixtureTree("victim")
        try victim.file("target", "keep", mode: 0o644)
        let (plan, _) = plan(tree)
        try FileManager.default.removeItem(atPath: tree.path("secrets.yaml"))
        try tree.symlink("secrets.yaml", to: victim.path("target"))
        let outcome = FixExecutor { _ in }.apply(plan, tool: "test")
        #expect(outcome.notices.contains { $0.path.hasSuffix("secrets.yaml") })
        #expect(!outcome.journal.entries.contains { $0.path.hasSuffix("secrets.yaml") })
        #expect(try FileManager.default.attributesOfItem(atPath: victim.path("target"))[.posixPermissions] as? Int == 0o644)
    }

    @Test func aFileChangedBetweenPlanAndApplyIsSkipped() throws {
        let tree = try riskyTree()
        let (plan, _) = plan(tree)
        try tree.chmod("config.yaml", 0o666)
        let outcome = FixExecutor { _ in }.apply(plan, tool: "test")
        #expect(outcome.notices.contains { $0.path.hasSuffix("config.yaml") && $0.kind == .changed })
        #expect(try FileManager.default.attributesOfItem(atPath: tree.path("config.yaml"))[.posixPermissions] as? Int == 0o666)
    }

    @Test(.enabled(if: TestEnvironment.aclSupported, "skipped: needs setfacl and an ACL-capable temp file system"))
    func aDirectoryDefaultACLIsRemovedAndTheFileStaysFixed() throws {
        let tree = try FixtureTree("default-acl")
        try tree.directory("sessions", mode: 0o700)
        try tree.setfacl("sessions", ["u:nobody:rwx"], default: true)
        try tree.file("sessions/sessions.db", "", mode: 0o600)  // inherits user:nobody from the default ACL
        try tree.setfacl("sessions/sessions.db", ["u:nobody:rw"])
        let (plan, _) = plan(tree)
        let steps = plan.actions.flatMap(\.steps)
        #expect(steps.contains("remove the default ACL of \(tree.path("sessions"))   (setfacl -k)"))
        #expect(steps.contains("remove user:nobody from the ACL of \(tree.path("sessions/sessions.db"))"))
        #expect(plan.actions.first?.path == tree.path(""), "directories come first")
        let outcome = FixExecutor { _ in }.apply(plan, tool: "test")
        #expect(outcome.notices.isEmpty, "\(outcome.notices)")
        // A file goose creates later in the directory no longer inherits the grant.
        try tree.file("sessions/sessions.db-wal", "", mode: 0o600)
        let acl = try Shell.run("/usr/bin/getfacl", ["-n", "-p", "--absolute-names", tree.path("sessions/sessions.db-wal")])
        #expect(!acl.contains("user:65534"))
        #expect(Self.rescan(tree).0.actions.isEmpty)
    }

    @Test func planRefusesPathsThroughSymlinkedDirectories() throws {
        let real = try FixtureTree("real")
        try real.file("secrets.yaml", "K: v\n", mode: 0o644)
        let tree = try FixtureTree("link")
        try tree.symlink("goose", to: real.root)
        #expect(throws: HardeningError.self) { _ = try SafeHandle(opening: tree.path("goose/secrets.yaml")) }
    }
}
