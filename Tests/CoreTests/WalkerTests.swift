import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// The walker must finish on hostile trees and turn every problem into a notice.
struct WalkerTests {
    func walk(_ tree: FixtureTree, limits: WalkLimits = WalkLimits()) -> WalkResult {
        Walker(limits: limits).walk(ScanRoot(label: ".", path: tree.root, role: .path))
    }

    @Test func symlinkLoopIsRecordedNotFollowed() throws {
        let tree = try FixtureTree("loop")
        try tree.directory("a")
        try tree.symlink("a/loop", to: "..")
        try tree.symlink("self", to: "self")
        try tree.file("a/config.yaml", "GOOSE_MODE: approve\n")
        let result = walk(tree)
        let paths = result.entries.map(\.relativePath)
        #expect(paths == ["", "a", "a/config.yaml", "a/loop", "self"])
        let loop = try #require(result.entries.first { $0.relativePath == "a/loop" })
        #expect(loop.metadata.type == .symlink)
        #expect(loop.symlinkTarget == "..")
        #expect(result.notices.contains { $0.kind == .symlink && $0.path.hasSuffix("/a/loop") })
        #expect(result.notices.contains { $0.kind == .symlink && $0.path.hasSuffix("/self") })
    }

    @Test func symlinkToADirectoryOutsideTheRootIsNotEntered() throws {
        let outside = try FixtureTree("outside")
        try outside.file("secret.txt", "x")
        let tree = try FixtureTree("inside")
        try tree.symlink("escape", to: outside.root)
        let result = walk(tree)
        #expect(result.entries.map(\.relativePath) == ["", "escape"])
        #expect(result.entries.last?.symlinkTarget == outside.root)
    }

    @Test(.timeLimit(.minutes(1)))
    func fifoDoesNotBlockAndIsReported() throws {
        let tree = try FixtureTree("fifo")
        try tree.fifo("pipe")
        try tree.file(".env", "A=1\n")
        let result = walk(tree)
        #expect(result.notices.contains { $0.kind == .specialFile && $0.path.hasSuffix("/pipe") && $0.message.contains("fifo") })
        // Reading it through the content reader must refuse rather than block.
        let pipe = try #require(result.entries.first { $0.relativePath == "pipe" })
        if case .failure(.notice(let notice)) = ContentReader.read(tree.path("pipe"), expected: pipe.metadata, maxBytes: 1024) {
            #expect(notice.kind == .specialFile)
        } else {
            Issue.record("a FIFO must not be read")
        }
    }

    @Test func depthLimitStopsWithANotice() throws {
        let tree = try FixtureTree("deep")
        try tree.directory("a/b/c/d")
        try tree.file("a/b/c/d/deep.txt", "x")
        let result = walk(tree, limits: WalkLimits(maxDepth: 2, maxEntries: 100))
        #expect(!result.entries.contains { $0.relativePath.hasPrefix("a/b/c") })
        #expect(result.notices.contains { $0.kind == .limitReached && $0.path.hasSuffix("/a/b") })
    }

    @Test func entryLimitStopsWithANotice() throws {
        let tree = try FixtureTree("many")
        for index in 0..<20 { try tree.file("f\(index)", "") }
        let result = walk(tree, limits: WalkLimits(maxDepth: 8, maxEntries: 10))
        #expect(result.entries.count <= 10)
        #expect(result.notices.contains { $0.kind == .limitReached })
    }

    @Test func missingRootIsANoticeUnlessOptional() throws {
        let given = Walker().walk(ScanRoot(label: "nope", path: "/nonexistent/goose-audit", role: .path))
        #expect(given.notices.map(\.kind) == [.rootMissing])
        let discovered = Walker().walk(ScanRoot(label: "goose:config", path: "/nonexistent/goose-audit", role: .config, optional: true))
        #expect(discovered.notices.isEmpty && discovered.entries.isEmpty)
    }

    @Test func vanishedFileBetweenWalkAndReadIsANotice() throws {
        let tree = try FixtureTree("vanish")
        try tree.file("config.yaml", "GOOSE_MODE: auto\n")
        let entry = try #require(walk(tree).entries.first { $0.relativePath == "config.yaml" })
        try FileManager.default.removeItem(atPath: tree.path("config.yaml"))
        guard case .failure(.notice(let notice)) = ContentReader.read(entry.path, expected: entry.metadata, maxBytes: 1024) else {
            Issue.record("a vanished file must give a notice")
            return
        }
        #expect(notice.kind == .vanished)
    }

    @Test func fileReplacedBetweenWalkAndReadIsNotRead() throws {
        let tree = try FixtureTree("swap")
        try tree.file("config.yaml", "GOOSE_MODE: approve\n")
        let entry = try #require(walk(tree).entries.first { $0.relativePath == "config.yaml" })
        try FileManager.default.removeItem(atPath: tree.path("config.yaml"))
        try tree.file("other", "x")  // occupy the freed inode number first, if the file system reuses it
        try tree.file("config.yaml", "GOOSE_MODE: auto\n")
        guard case .failure(.notice(let notice)) = ContentReader.read(entry.path, expected: entry.metadata, maxBytes: 1024) else {
            Issue.record("a replaced file must not be read as the one the walker saw")
            return
        }
        #expect(notice.kind == .changed)
    }

    @Test func symlinkIsNeverOpenedByTheReader() throws {
        let tree = try FixtureTree("link")
        try tree.file("real", "secret")
        try tree.symlink("link", to: "real")
        guard case .failure(.notice(let notice)) = ContentReader.read(tree.path("link"), expected: nil, maxBytes: 1024) else {
            Issue.record("the reader must refuse a symlink")
            return
        }
        #expect(notice.kind == .symlink)
    }

    @Test func sizeCapTruncatesAndBinaryIsDetected() throws {
        let tree = try FixtureTree("size")
        try tree.file("big", String(repeating: "a", count: 5000))
        try tree.file("bin", bytes: [0x41, 0x00, 0x42])
        guard case .success(let big) = ContentReader.read(tree.path("big"), expected: nil, maxBytes: 1000) else {
            Issue.record("read failed")
            return
        }
        #expect(big.bytes.count == 1000 && big.truncated)
        guard case .success(let binary) = ContentReader.read(tree.path("bin"), expected: nil, maxBytes: 1000) else {
            Issue.record("read failed")
            return
        }
        #expect(binary.isBinary && binary.text.isEmpty)
    }

    @Test func crlfAndBomAreHandled() throws {
        let content = FileContent(bytes: Array("\u{FEFF}A=1\r\nB=2\r\n".utf8), truncated: false)
        #expect(content.lines == ["A=1", "B=2", ""])
    }

    @Test func unreadableDirectoryIsANoticeForAnUnprivilegedWalk() throws {
        // Root reads everything; the binary test in EndToEndTests covers this as `nobody`.
        let tree = try FixtureTree("private")
        try tree.directory("locked", mode: 0o000)
        try tree.file("ok.txt", "x")
        let result = walk(tree)
        #expect(result.entries.contains { $0.relativePath == "locked" })
        if getuid() != 0 {
            #expect(result.notices.contains { $0.kind == .unreadable && $0.path.hasSuffix("/locked") })
        }
    }

    @Test func skippedDirectoryNamesApplyOnlyToGivenPaths() throws {
        let tree = try FixtureTree("skip")
        try tree.file(".git/config", "[core]\n")
        try tree.file("node_modules/x/.env", "A=1\n")
        let walker = Walker(skippedNames: Classifier.skippedDirectoryNames)
        let given = walker.walk(ScanRoot(label: ".", path: tree.root, role: .path))
        #expect(given.entries.map(\.relativePath) == [""])
        let config = walker.walk(ScanRoot(label: "goose:config", path: tree.root, role: .config))
        #expect(config.entries.contains { $0.relativePath == ".git/config" })
    }
}

struct NonUTF8NameTests {
    @Test func namesThatAreNotUTF8RoundTripToTheFileSystem() throws {
        let tree = try FixtureTree("bytes")
        let raw: [UInt8] = Array("bad-".utf8) + [0xFF, 0xFE] + Array(".env".utf8)
        let path = Array(tree.root.utf8) + [UInt8(ascii: "/")] + raw
        let fd = (path + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        }
        try #require(fd >= 0)
        _ = "TOKEN=x\n".withCString { write(fd, $0, 8) }
        close(fd)
        let result = Walker().walk(ScanRoot(label: ".", path: tree.root, role: .path))
        let entry = try #require(result.entries.first { $0.relativePath.hasPrefix("bad-") })
        #expect(FSPath.display(entry.relativePath) == "bad-\\xFF\\xFE.env")
        #expect(result.notices.contains { $0.message.contains("not valid UTF-8") && $0.path.hasSuffix("bad-\\xFF\\xFE.env") })
        guard case .success(let content) = ContentReader.read(entry.path, expected: entry.metadata, maxBytes: 100) else {
            Issue.record("the file must be readable through its escaped name")
            return
        }
        #expect(content.text == "TOKEN=x\n")
        #expect(FSPath.decode(Array("plain".utf8)) == "plain")
    }

    @Test("a walk of / lists /proc, /sys and /dev with a notice each and never enters them")
    func pseudoFileSystemsAreNotWalked() throws {
        // Two levels: / and its children's children, enough to have entered /proc/<pid> or /dev/<node>.
        let result = Walker(limits: WalkLimits(maxDepth: 2, maxEntries: 200_000)).walk(ScanRoot(label: "/", path: "/", role: .path))
        for pseudo in ["/proc", "/sys", "/dev"] {
            #expect(!result.entries.contains { $0.path == pseudo || $0.path.hasPrefix(pseudo + "/") }, "\(pseudo) was walked")
            guard case .success = FileMetadata.lstat(pseudo) else { continue }
            #expect(result.notices.contains { $0.path == pseudo && $0.message.contains("kernel pseudo file system") }, "\(pseudo)")
        }
        // The rest of / is walked: the walk is not simply empty.
        #expect(result.entries.contains { $0.path == "/etc" } && result.entries.contains { $0.path.hasPrefix("/etc/") })
    }

    @Test("goose's directory as a symlink is followed once to its target; a loop is a notice")
    func linkedGooseDirectory() throws {
        let tree = try FixtureTree("linked-root")
        try tree.directory("dotfiles/goose")
        try tree.file("dotfiles/goose/config.yaml", "GOOSE_MODE: approve\n")
        try tree.directory(".config")
        try tree.symlink(".config/goose", to: "../dotfiles/goose")
        let root = ScanRoot(label: "goose:config", path: tree.path(".config/goose"), role: .config, optional: true).followingLink()
        let real = try #require(realpath(tree.path("dotfiles/goose"), nil))
        defer { free(real) }
        #expect(root.path == String(cString: real) && root.linkedFrom == tree.path(".config/goose"))
        let result = Walker().walk(root)
        #expect(result.entries.map(\.relativePath) == ["", "config.yaml"])
        #expect(result.entries.first?.metadata.type == .directory)
        #expect(result.notices.contains { $0.kind == .symlink && $0.message.contains("is a symlink to \(root.path)") })
        // A path given on the command line names the entry itself: not followed.
        #expect(ScanRoot(label: "x", path: tree.path(".config/goose"), role: .path).followingLink().linkedFrom == nil)

        try tree.symlink("a", to: "b")
        try tree.symlink("b", to: "a")
        let loop = ScanRoot(label: "goose:data", path: tree.path("a"), role: .data, optional: true).followingLink()
        #expect(loop.linkedFrom == nil)
        let walked = Walker().walk(loop)
        #expect(walked.notices.count == 1 && walked.notices[0].message.contains("cannot be followed"), "\(walked.notices)")
    }
}
