import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

struct GitWorkTreeTests {
    static let hasGit = FileManager.default.isExecutableFile(atPath: "/usr/bin/git")

    func git(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", directory, "-c", "user.email=t@example.invalid", "-c", "user.name=t"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
    }

    @Test(.enabled(if: hasGit, "needs /usr/bin/git to build a real index"), arguments: [2, 3, 4])
    func readsTheIndexGitWrites(version: Int) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("git-index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let names = ["config.yaml", "dot_config/goose/config.yaml", "dot_config/goose/recipes/a-very-long-recipe-name.yaml", "é/ü.txt"]
        for name in names + ["untracked.env"] {
            let url = URL(fileURLWithPath: root + "/" + name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "x".write(to: url, atomically: false, encoding: .utf8)
        }
        try git(["init", "-q"], in: root)
        try git(["add"] + names, in: root)
        if version == 3 { try git(["add", "--intent-to-add", "untracked.env"], in: root) }
        try git(["update-index", "--index-version", String(version)], in: root)

        let tree = try #require(GitWorkTree.enclosing(root + "/dot_config/goose"))
        #expect(tree.root == root)
        var expected = Set(names)
        if version == 3 { expected.insert("untracked.env") }
        #expect(tree.tracked == expected)
        #expect(tree.tracks(root + "/config.yaml"))
        #expect(!tree.tracks(root + "/elsewhere.yaml"))
    }

    @Test(.enabled(if: hasGit, "needs /usr/bin/git to build a real index"))
    func gitFileNamesTheGitDirectory() throws {
        let tree = try FixtureTree("git-file")
        try tree.file("main/config.yaml", "x")
        try git(["init", "-q"], in: tree.path("main"))
        try git(["add", "config.yaml"], in: tree.path("main"))
        // A worktree or submodule: `.git` is a file naming the git directory.
        try tree.file("linked/.git", "gitdir: \(tree.path("main/.git"))\n")
        let linked = try #require(GitWorkTree.enclosing(tree.path("linked")))
        #expect(linked.tracked == ["config.yaml"])
        // A `.git` FIFO is refused, never waited on (it is read through the reading seam).
        try tree.fifo("fifo/.git")
        #expect(GitWorkTree.enclosing(tree.path("fifo")) == nil)
    }

    @Test func malformedIndexIsNotATree() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("git-bad-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        try Data("DIRC\0\0\0\u{2}\0\0\0\u{9}short".utf8).write(to: URL(fileURLWithPath: root + "/.git/index"))
        #expect(GitWorkTree.enclosing(root) == nil)
    }
}
