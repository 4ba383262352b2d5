import Foundation
import GooseAuditTestSupport
import Testing

/// The release tarball from scripts/release (scripts/test builds it and sets GOOSE_AUDIT_RELEASE_DIR; a
/// release build is too slow for every `swift test`): checksum, SBOM, layout, and a binary that runs where the
/// Swift toolchain is hidden.
@Suite(.serialized)
struct ReleaseTests {
    static let directory = ProcessInfo.processInfo.environment["GOOSE_AUDIT_RELEASE_DIR"]
    static let tarball: String? = directory.flatMap { dir in
        (try? FileManager.default.contentsOfDirectory(atPath: dir))?.first { $0.hasPrefix("goose-audit-") && $0.hasSuffix(".tar.gz") }
            .map { dir + "/" + $0 }
    }
    /// Where the debug build finds libswiftCore.so (`/opt/swift/usr/lib/swift/linux/…`) and the toolchain's
    /// root before `/usr/lib/swift` (`/opt/swift`), which the test covers with an empty directory; nil when
    /// the runtime lives under the system's own `/usr`, which cannot be hidden without hiding the shell.
    static let toolchain: (core: String, root: String)? = {
        guard let ldd = try? Shell.capture("/usr/bin/ldd", [Binary.path]).stdout,
            let core = ldd.firstMatch(of: /libswiftCore\.so => (\S+)/).map({ String($0.1) }),
            let range = core.range(of: "/usr/lib/swift/")
        else { return nil }
        let root = String(core[..<range.lowerBound])
        return root.isEmpty ? nil : (core, root)
    }()
    /// `unshare -m` needs CAP_SYS_ADMIN (root, or a user namespace).
    static let canUnshare: Bool = (try? Shell.capture("/usr/bin/unshare", ["-m", "true"]).status) == 0

    func unpacked() throws -> (FixtureTree, String) {
        let tarball = try #require(Self.tarball)
        let tree = try FixtureTree("release")
        _ = try Shell.run("/bin/tar", ["-xzf", tarball, "-C", tree.root, "--strip-components=1"])
        return (tree, tree.path("bin/goose-audit"))
    }

    @Test(
        "the tarball matches its SHA-256 file and holds the binary, the man page and the completions",
        .enabled(if: tarball != nil, "set GOOSE_AUDIT_RELEASE_DIR to the output of scripts/release (scripts/test does)"))
    func tarballAndLayout() throws {
        let tarball = try #require(Self.tarball)
        let check = try Shell.capture(
            "/usr/bin/sha256sum", ["-c", (tarball as NSString).lastPathComponent + ".sha256"], directory: Self.directory)
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        #expect(tarball.contains("-linux-"))
        let (tree, binary) = try unpacked()
        for path in [
            "share/man/man1/goose-audit.1", "share/bash-completion/completions/goose-audit", "share/zsh/site-functions/_goose-audit",
            "share/fish/vendor_completions.d/goose-audit.fish", "share/doc/goose-audit/LICENSE",
        ] {
            #expect(FileManager.default.fileExists(atPath: tree.path(path)), "\(path)")
        }
        let file = try Shell.capture("/usr/bin/file", [binary])
        if file.status == 0 { #expect(file.stdout.contains("stripped") && !file.stdout.contains("not stripped"), "\(file.stdout)") }
        let ldd = try Shell.capture("/usr/bin/ldd", [binary])
        #expect(
            !ldd.stdout.contains("libswift") && !ldd.stdout.contains("libFoundation") && !ldd.stdout.contains("/opt/swift"), "\(ldd.stdout)"
        )
        // Only the C libraries README's Install section names (libacl1, libpcre2-8-0, libsqlite3-0, zlib1g, libstdc++6).
        let allowed = ["linux-vdso", "libacl", "libpcre2-8", "libsqlite3", "libz", "libstdc++", "libgcc_s", "libm", "libc", "ld-linux"]
        let needed = ldd.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map { String($0.drop { $0 == "\t" }) } }
        let unexpected = needed.filter { name in
            !allowed.contains { name.hasPrefix($0 + ".so") || name.hasPrefix($0 + "-") || name.contains("/" + $0) }
        }
        #expect(unexpected.isEmpty, "libraries README does not name: \(unexpected)")
    }

    @Test(
        "the SBOM is CycloneDX and lists every Swift dependency with its version",
        .enabled(if: tarball != nil, "set GOOSE_AUDIT_RELEASE_DIR (scripts/test does)"))
    func sbom() throws {
        let tarball = try #require(Self.tarball)
        let path = tarball.replacingOccurrences(of: ".tar.gz", with: ".cdx.json")
        let bom = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(bom["bomFormat"] as? String == "CycloneDX")
        #expect(bom["specVersion"] as? String == "1.5")
        let components = try #require(bom["components"] as? [[String: Any]])
        let names = Set(components.compactMap { $0["name"] as? String })
        for dependency in ["swift-argument-parser", "Yams", "swift-crypto", "GRDB", "postgres-nio"] {
            #expect(names.contains { $0.caseInsensitiveCompare(dependency) == .orderedSame }, "\(dependency) missing from \(names)")
        }
        #expect(components.allSatisfy { ($0["purl"] as? String)?.hasPrefix("pkg:swift/github.com/") == true && $0["version"] is String })
        let digest = String(try Shell.run("/usr/bin/sha256sum", [tarball]).prefix(64))
        let hashes = ((bom["metadata"] as? [String: Any])?["component"] as? [String: Any])?["hashes"] as? [[String: Any]]
        #expect(hashes?.first?["content"] as? String == digest)
    }

    @Test(
        "the binary runs in a mount namespace where the Swift toolchain is hidden",
        .enabled(if: tarball != nil, "set GOOSE_AUDIT_RELEASE_DIR (scripts/test does)"),
        .enabled(if: canUnshare, "skipped: unshare -m is not permitted here (needs root or user namespaces)"),
        .enabled(if: toolchain != nil, "skipped: the Swift runtime is not in a toolchain directory of its own (it is under /usr)"))
    func runsWithoutToolchain() throws {
        let (release, binary) = try unpacked()  // `release` must live as long as the test: it deletes the folder
        defer { withExtendedLifetime(release) {} }
        let fixture = try FixtureTree("release-scan")
        try fixture.file("secrets.yaml", "OPENAI_API_KEY: fake-value\n", mode: 0o644)
        let (core, toolchain) = try #require(Self.toolchain)
        let empty = try FixtureTree("release-empty")
        let hide = "mount --make-rprivate / && mount --bind '\(empty.root)' '\(toolchain)' && "
        func hidden(_ command: String) throws -> Shell.Output {
            try Shell.capture(
                "/usr/bin/unshare", ["-m", "/bin/sh", "-c", hide + command],
                environment: ["PATH": "/usr/bin:/bin", "HOME": fixture.root, "LANG": "C.UTF-8"])
        }
        let listing = try hidden("ls -A '\(toolchain)' | wc -l; ls '\(core)'")
        #expect(listing.stdout.hasPrefix("0\n") && listing.status != 0, "the toolchain is hidden: \(listing.stdout) \(listing.stderr)")
        // The debug build needs the toolchain's libraries, so it fails there: the hiding works.
        #expect(try hidden("exec '\(Binary.path)' --version").status != 0)
        let version = try hidden("exec '\(binary)' --version")
        #expect(version.status == 0, "\(version.stderr)")
        let scan = try hidden("cd '\(fixture.root)' && exec '\(binary)' scan . --format json")
        #expect(scan.status == 1, "\(scan.stderr)")
        #expect(scan.stdout.contains("secrets_file_exposed"))
    }
}
