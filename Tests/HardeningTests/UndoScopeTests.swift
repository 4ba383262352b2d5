import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Hardening
import Testing

/// Issue 21, item 5: even an authenticated journal is undone only within what a fix can have done.
struct UndoScopeTests {
    func journal(_ path: String, old: Int, new: Int, oldACL: String? = nil, newACL: String? = nil) throws -> Journal {
        var status = stat()
        _ = lstat(path, &status)
        let acls = (oldACL.map { "\"oldACL\":\"\($0)\"," } ?? "") + (newACL.map { "\"newACL\":\"\($0)\"," } ?? "")
        let text = """
            {"created":"2026-01-01T00:00:00Z","tool":"t","version":1,"entries":[{"path":"\(path)","inode":\(status.st_ino),\
            "device":\(status.st_dev),"uid":\(status.st_uid),"gid":\(status.st_gid),"oldMode":\(old),"newMode":\(new),\(acls)\
            "time":"2026-01-01T00:00:00Z"}]}
            """
        return try Journal.decode(Data(text.utf8))
    }

    func mode(_ path: String) -> UInt32 {
        var status = stat()
        _ = lstat(path, &status)
        return UInt32(status.st_mode) & 0o7777
    }

    @Test("a journal that would add a setuid, setgid or sticky bit is refused")
    func specialBitsAreNeverAdded() throws {
        let tree = try FixtureTree("undo-scope")
        let tool = try tree.file("tool", "#!/bin/sh\n", mode: 0o755)
        for old in [0o4755, 0o2755, 0o1755] {
            let notices = FixExecutor.undo(try journal(tool, old: old, new: 0o755))
            #expect(notices.contains { $0.message.contains("setuid, setgid or sticky") })
            #expect(mode(tool) == 0o755)
        }
    }

    @Test("an entry that changed nothing, added bits or changed an ACL other than by removing it is refused")
    func onlyWhatAFixDoes() throws {
        let tree = try FixtureTree("undo-scope")
        let file = try tree.file("f", "x\n", mode: 0o600)
        #expect(FixExecutor.undo(try journal(file, old: 0o600, new: 0o600)).contains { $0.message.contains("did not change this path") })
        #expect(FixExecutor.undo(try journal(file, old: 0o600, new: 0o644)).contains { $0.message.contains("added mode bits") })
        let changed = try journal(
            file, old: 0o600, new: 0o600, oldACL: "user::rw-,group::---,other::---",
            newACL: "user::rw-,user:0:rwx,group::---,mask::rwx,other::---")
        #expect(FixExecutor.undo(changed).contains { $0.message.contains("changed an ACL") })
        #expect(mode(file) == 0o600)
        // A genuine entry (0644 → 0600) restores, and keeps the special bits the file has now.
        #expect(FixExecutor.undo(try journal(file, old: 0o644, new: 0o600)).isEmpty)
        #expect(mode(file) == 0o644)
    }
}
