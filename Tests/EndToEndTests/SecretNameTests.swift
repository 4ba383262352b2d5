import Foundation
import GooseAuditTestSupport
import Testing

/// Issue 21 point 6, on the real binary: a token used as a name (an extension name, an `envs` key, a `.env` variable
/// name, a file name, a directory name, a symlink target) is redacted in the report (key paths, paths, messages),
/// on standard error and in the baseline, and is a finding itself; ordinary names stay as they are.
@Suite(.serialized)
struct SecretNameTests {
    /// Fake values: tokens in a GitHub token's format and random tokens of no known format, one per place.
    static func github(_ seed: Character) -> String { "ghp_" + "Zq8RtY2mWc4Lp7Xv1Bn5Hs9Kd3Fg6Jx0Ae7" + String(seed) }
    static func random(_ seed: Character) -> String { "Tk4Wq9Zr2Lm7Xc5Vb8Nh3Gf6Jd1Sa0Pe4Yu7Q" + String(seed) }
    static let extensionName = github("a"), fileName = github("b"), linkTarget = github("c")
    static let envsKey = random("d"), variable = random("e"), folder = random("f")
    static let names = [extensionName, fileName, linkTarget, envsKey, variable, folder]
    static let value = github("g"), otherValue = github("h")

    static func tree() throws -> FixtureTree {
        let tree = try FixtureTree("secret-names")
        try tree.directory(".config/goose", mode: 0o700)
        try tree.file(
            ".config/goose/config.yaml",
            """
            GOOSE_MODE: approve
            extensions:
              \(extensionName):
                type: stdio
                cmd: /opt/x
                envs:
                  \(envsKey): plain-value
              github:
                type: stdio
                cmd: /opt/gh
                envs:
                  GITHUB_TOKEN: '\(value)'

            """)
        try tree.file("repo/.env", "\(variable)=1\nLOG_LEVEL=debug\n", mode: 0o644)
        try tree.file("repo/notes/\(fileName).txt", "hello\n", mode: 0o644)
        try tree.file("repo/notes/github-token-howto.md", "rotate tokens monthly\n", mode: 0o644)
        try tree.file("repo/\(folder)/notes.txt", "GITHUB_TOKEN=\(otherValue)\n", mode: 0o644)
        try tree.symlink("repo/link", to: "/opt/\(linkTarget)")
        return tree
    }

    @Test func namesThatAreSecretsAreRedactedAndReported() throws {
        let tree = try Self.tree()
        let out = try FixtureTree("secret-names-out")
        let scan = try Binary.run(
            ["scan", "--installation", tree.path("repo"), "--format", "json", "--output", out.path("report.json"), "--format", "text"],
            home: tree.root, directory: "/", environment: ["XDG_STATE_HOME": out.path("state")])
        #expect(scan.status == 1, "\(scan.stderr)")
        let baseline = try Binary.run(
            ["baseline", "create", "--installation", tree.path("repo"), "--output", out.path("baseline.json")],
            home: tree.root, directory: "/", environment: ["XDG_STATE_HOME": out.path("state")])
        #expect(baseline.status == 0, "\(baseline.stderr)")
        let json = try String(contentsOfFile: out.path("report.json"), encoding: .utf8)
        let outputs = [
            "json": json, "text": scan.stdout, "stderr": scan.stderr + baseline.stderr,
            "baseline": try String(contentsOfFile: out.path("baseline.json"), encoding: .utf8),
        ]
        for (name, text) in outputs {
            for secret in Self.names {
                #expect(!text.contains(secret.dropFirst(4).prefix(16)), "\(name) shows a secret name")
            }
        }

        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        func named(_ place: String) -> [[String: Any]] { findings.filter { ($0["message"] as? String)?.contains(place) == true } }
        // The extension name is a GitHub token: its rule, its line, the format's public prefix only.
        let key = named("as a key name").filter { $0["rule_id"] as? String == "github_pat" }
        #expect(key.count == 1 && key.first?["line"] as? Int == 3, "\(named("as a key name"))")
        #expect((key.first?["evidence"] as? String)?.hasSuffix(" ghp_…(40 chars)") == true, "\(key)")
        // The random names: the `envs` key, the `.env` variable, the folder; the file name and the symlink target.
        #expect(named("as a key name").contains { $0["rule_id"] as? String == "secret_in_goose_setting" }, "\(findings)")
        #expect(named("as a file or folder name").contains { $0["rule_id"] as? String == "github_pat" })
        #expect(named("as a file or folder name").contains { $0["rule_id"] as? String == "secret_in_goose_setting" })
        #expect(named("as a symlink target").contains { $0["rule_id"] as? String == "github_pat" })
        // Where a name is shown, it is its redacted form: the same form in every place.
        let forms = Set(
            findings.compactMap { $0["path"] as? String }.compactMap { path in
                path.split(separator: "/").first { $0.hasPrefix("…(\(Self.folder.count) chars #") }
            })
        #expect(forms.count == 1, "the folder named with a token is shown the same way for every file: \(forms)")
        #expect(findings.filter { ($0["path"] as? String)?.hasPrefix(forms.first.map(String.init) ?? "?") == true }.count >= 2)
        #expect(json.contains("notes/ghp_…(40 chars #"), "the file name keeps its public prefix and extension")

        // Safe twins: ordinary names are left as they are.
        #expect(findings.contains { $0["key_path"] as? String == "extensions.github.envs.GITHUB_TOKEN" })
        #expect(!json.contains("github-token-howto") || json.contains("notes/github-token-howto.md"))
        #expect(!named("as a key name").contains { ($0["key_path"] as? String)?.contains("github") == true })
    }
}
