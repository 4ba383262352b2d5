import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// Reading goose's version from files (goose is never executed) and scoping rules by version.
struct VersionTests {
    /// Bytes shaped like a release binary: an ELF header, other crates' strings, goose's user agent.
    static func binary(_ version: String, padding: Int = 4096) -> [UInt8] {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        bytes += [UInt8](repeating: 0, count: padding)
        bytes += Array("crates/goose/src/agents/extension_manager.rs\0mongoose/9.9.9\0goose-in-a-pond/7.7.7\0".utf8)
        bytes += Array("goose/\(version)\0User-Agent".utf8)
        return bytes
    }

    @Test("versions parse, compare numerically and ignore pre-release suffixes in comparisons")
    func parse() throws {
        let v = try #require(GooseVersion("1.44.0-rc1"))
        #expect(v.text == "1.44.0-rc1")
        #expect(GooseVersion("1.9.0")! < GooseVersion("1.10.0")!)
        #expect(GooseVersion("v1.25.0") == GooseVersion("1.25.0"))
        #expect(GooseVersion("1.2") == nil && GooseVersion("abc") == nil)
        let range = GooseVersionRange(from: GooseVersion("1.35.0"), until: GooseVersion("1.44.0"))
        #expect(
            range.contains(GooseVersion("1.43.9")!) && !range.contains(GooseVersion("1.44.0")!) && !range.contains(GooseVersion("1.34.0")!))
        #expect(range.description == ">= 1.35.0, < 1.44.0")
    }

    @Test("the user-agent marker is found in binary bytes, and lookalike strings are not taken for it")
    func marker() {
        #expect(VersionDetector.version(in: Self.binary("1.43.0"))?.text == "1.43.0")
        #expect(VersionDetector.version(in: Array("mongoose/9.9.9 crates/goose/src".utf8)) == nil)
    }

    @Test("a binary file is read in bounded chunks, including a marker that straddles a chunk boundary")
    func binaryFile() throws {
        let tree = try FixtureTree("version-binary")
        // 1 MiB chunks: put the marker across the first boundary.
        let prefix = [UInt8](repeating: 0x41, count: (1 << 20) - 8)
        let path = try tree.file("bin/goose", bytes: prefix + Array("\0goose/1.41.2\0".utf8), mode: 0o755)
        #expect(VersionDetector.binaryVersion(at: path)?.text == "1.41.2")
        // A read limit below the marker finds nothing: the amount read is bounded.
        #expect(VersionDetector.binaryVersion(at: path, limit: 1 << 20 - 64) == nil)
        // Symlinks are not followed.
        let link = try tree.symlink("bin/goose-link", to: path)
        #expect(VersionDetector.binaryVersion(at: link) == nil)
    }

    @Test("the desktop package.json gives the app's version; other packages are ignored")
    func desktopPackage() {
        let goose = Array(#"{"name": "goose-app", "productName": "Goose", "version": "1.45.1"}"#.utf8)
        #expect(VersionDetector.packageVersion(goose)?.text == "1.45.1")
        #expect(VersionDetector.packageVersion(Array(#"{"name": "left-pad", "version": "1.3.0"}"#.utf8)) == nil)
        #expect(VersionDetector.packageVersion(Array("not json".utf8)) == nil)
    }

    @Test("the desktop app's version is read from its app.asar archive, where package.json is stored as is")
    func asar() throws {
        let tree = try FixtureTree("version-asar")
        var bytes: [UInt8] = [4, 0, 0, 0, 0x10, 0, 0, 0]
        bytes += Array(#"{"files":{"package.json":{"size":120,"offset":"0"}}}"#.utf8)
        bytes += [UInt8](repeating: 0, count: 2 << 20)  // past the first window
        bytes += Array(
            "{\n  \"name\": \"goose-app\",\n  \"productName\": \"Goose\",\n  \"version\": \"1.46.0\",\n  \"main\": \".vite/build/main.js\"\n}"
                .utf8)
        let path = try tree.file("opt/Goose/resources/app.asar", bytes: bytes)
        #expect(VersionDetector.asarVersion(at: path)?.text == "1.46.0")
        let other = try tree.file("other.asar", bytes: Array(#"{"name": "slack-app", "version": "4.0.0"}"#.utf8))
        #expect(VersionDetector.asarVersion(at: other) == nil)
        let result = CheckRunner.scan([], root: tree.path("opt"))
        #expect(result.gooseVersions == ["1.46.0"])
    }

    @Test("a scan reports the versions of goose binaries at the install locations of HOME and inside scanned trees")
    func scanVersions() throws {
        let tree = try FixtureTree("version-scan")
        try tree.file("home/.local/bin/goose", bytes: Self.binary("1.44.0"), mode: 0o755)
        try tree.file("repo/resources/app/package.json", #"{"name": "goose-app", "version": "1.30.2"}"#)
        let withHome = CheckRunner.scan([], root: tree.path("repo"), environment: ["HOME": tree.path("home")])
        #expect(withHome.gooseVersions == ["1.30.2", "1.44.0"])
        let unknown = CheckRunner.scan([], root: tree.path("home/.config"), environment: [:])
        #expect(unknown.gooseVersions.isEmpty)
    }

    static func finding(_ rule: String) -> Finding {
        Finding(
            ruleID: rule, category: .permissions, severity: .medium, kind: .configuration, title: rule, message: "m",
            location: Location(root: ".", path: "config.yaml"), fingerprintPath: "config.yaml", evidence: .fact("f"), remediation: "r")
    }

    @Test("rules of removed controls are dropped on releases without the control, kept with a notice when the version is unknown")
    func scope() throws {
        let findings = [Self.finding("sandbox_weakened"), Self.finding("gooseignore_exposes_secrets"), Self.finding("goose_mode_auto")]
        let new = VersionScope.apply(findings, versions: [GooseVersion("1.44.0")!])
        #expect(new.findings.map(\.ruleID) == ["goose_mode_auto"])
        #expect(new.notices.isEmpty)
        let mid = VersionScope.apply(findings, versions: [GooseVersion("1.30.0")!])
        #expect(mid.findings.map(\.ruleID) == ["gooseignore_exposes_secrets", "goose_mode_auto"])
        // Two installations: a rule stays while any of them still has the control.
        let mixed = VersionScope.apply(findings, versions: [GooseVersion("1.20.0")!, GooseVersion("1.44.0")!])
        #expect(mixed.findings.count == 3)
        let unknown = VersionScope.apply(findings, versions: [])
        #expect(unknown.findings.count == 3)
        #expect(unknown.notices.count == 2)
        #expect(unknown.notices.allSatisfy { $0.message.contains("goose version unknown") })
    }

    @Test("the shipped version table loads and every entry names its source")
    func table() {
        let table = GooseVersionTable.shipped
        #expect(table.rules["sandbox_weakened"]?.until == GooseVersion("1.26.0"))
        #expect(table.controls.map(\.id) == ["sandbox", "gooseignore"])
        #expect(table.controls.allSatisfy { !$0.source.isEmpty } && table.rules.values.allSatisfy { !$0.source.isEmpty })
        #expect(table.advisories.allSatisfy { $0.url.hasPrefix("https://") })
    }
}
