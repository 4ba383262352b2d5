import Foundation
import GooseAuditTestSupport
import Testing

/// Issue 21, item 5: `fix --undo` accepts only an authenticated journal from a private file in a
/// private directory of the invoking user, and restores only what that journal's fix changed.
@Suite(.serialized)
struct ForgedJournalTests {
    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func inode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int)
    }

    /// A home fixed once for real, with its journal.
    func applied() throws -> (home: FixtureTree, env: [String: String], journal: String) {
        let home = try FixtureTree("forged")
        try home.directory(".config/goose", mode: 0o755)
        try home.file(".config/goose/secrets.yaml", "OPENAI_API_KEY: not-a-real-key\n", mode: 0o644)
        let env = ["XDG_STATE_HOME": home.path("state")]
        let applied = try Binary.run(["fix", "--apply", "--yes"], home: home.root, environment: env)
        let line = applied.stdout.split(separator: "\n").first { $0.hasPrefix("Undo with: ") }
        let journal = try #require(line?.split(separator: " ").last.map(String.init), "\(applied.stdout)\(applied.stderr)")
        return (home, env, journal)
    }

    /// The real journal's body with `entry` in place of its entries, and the real journal's trailer
    /// (what a forger without the key can do).
    func forge(_ journal: String, entry: String) throws -> Data {
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        let trailer = try #require(text.range(of: "\n#goose-audit-hmac-sha256 "))
        let body = "{\"created\":\"2026-01-01T00:00:00Z\",\"entries\":[\(entry)],\"tool\":\"goose-audit\",\"version\":1}"
        return Data((body + text[trailer.lowerBound...]).utf8)
    }

    func entry(_ path: String, inode: Int, old: Int, new: Int, oldACL: String? = nil) -> String {
        let acl = oldACL.map { "\"oldACL\":\"\($0)\"," } ?? ""
        return
            "{\"path\":\"\(path)\",\"inode\":\(inode),\"device\":0,\"uid\":0,\"gid\":0,\"oldMode\":\(old),\"newMode\":\(new),\(acl)\"time\":\"2026-01-01T00:00:00Z\"}"
    }

    @Test("three forged journals (setuid on a root-owned file, a file never touched, an added ACL entry) are refused")
    func forgedJournalsAreRefused() throws {
        let (home, env, journal) = try applied()
        let binary = try home.file("usr-bin-tool", "#!/bin/sh\n", mode: 0o755)
        let untouched = try home.file("untouched.txt", "x\n", mode: 0o600)
        let aclTarget = home.path(".config/goose/secrets.yaml")
        let forgeries = [
            ("setuid", entry(binary, inode: try inode(binary), old: 0o4755, new: 0o755)),
            ("untouched", entry(untouched, inode: try inode(untouched), old: 0o666, new: 0o600)),
            (
                "acl",
                entry(
                    aclTarget, inode: try inode(aclTarget), old: 0o600, new: 0o600,
                    oldACL: "user::rw-,user:65534:rwx,group::---,mask::rwx,other::---")
            ),
        ]
        for (name, forged) in forgeries {
            let path = home.path("state/goose-audit/forged-\(name).json")
            try forge(journal, entry: forged).write(to: URL(fileURLWithPath: path))
            chmod(path, 0o600)
            let undone = try Binary.run(["fix", "--undo", path], home: home.root, environment: env)
            #expect(undone.status == 2, "\(name): \(undone.stdout)")
            #expect(undone.stderr.contains("HMAC does not verify"), "\(name): \(undone.stderr)")
        }
        #expect(try mode(binary) == 0o755, "no setuid bit was added")
        #expect(try mode(untouched) == 0o600)
        #expect(try mode(aclTarget) == 0o600)
        let acl = try Shell.capture("/usr/bin/getfacl", ["-cn", aclTarget])
        #expect(!acl.stdout.contains("user:65534"), "no ACL entry was added")
    }

    @Test("a journal owned by another user in a world-writable state directory is refused")
    func foreignJournalInOpenDirectoryIsRefused() throws {
        let (home, env, journal) = try applied()
        let open = try home.directory("open", mode: 0o777)
        try home.chmod("open", 0o777)
        let copy = open + "/fix.json"
        try FileManager.default.copyItem(atPath: journal, toPath: copy)
        try Shell.run("/bin/chown", ["nobody", copy])
        let foreign = try Binary.run(["fix", "--undo", copy], home: home.root, environment: env)
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("refused"), "\(foreign.stderr)")
        // The same valid journal, ours, in the open directory: still refused (others could swap it).
        try Shell.run("/bin/chown", ["root", copy])
        let ours = try Binary.run(["fix", "--undo", copy], home: home.root, environment: env)
        #expect(ours.status == 2 && ours.stderr.contains("can be written by group or others"), "\(ours.stderr)")
        // A state directory that others can write is refused outright.
        let stateOpen = try Binary.run(["fix", "--undo", journal, "--state-dir", open], home: home.root, environment: env)
        #expect(stateOpen.status == 2 && stateOpen.stderr.contains("can be written by group or others"), "\(stateOpen.stderr)")
        // And the genuine journal in place restores.
        let undone = try Binary.run(["fix", "--undo", journal], home: home.root, environment: env)
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(try mode(home.path(".config/goose/secrets.yaml")) == 0o644)
    }
}
