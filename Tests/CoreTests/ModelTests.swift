import GooseAuditCore
import Testing

struct ModelTests {
    @Test func redactionShowsOnlyAPublicPrefixAndTheLength() {
        let key = "sk-ant-api03-" + String(repeating: "Ab9", count: 30)
        let evidence = Evidence.secret(key, label: nil, publicPrefix: "sk-ant-api03-")
        #expect(evidence.text == "sk-ant-api03-…(103 chars)")
        #expect(!evidence.text.contains(String(key.prefix(14))))
        // No known format, a prefix the value does not start with, or one longer than half: the length only.
        #expect(Evidence.secret("abcdefghijklmnopqrst", label: nil, publicPrefix: nil).text == "…(20 chars)")
        #expect(Evidence.secret(key, label: nil, publicPrefix: "ghp_").text == "…(103 chars)")
        #expect(Evidence.secret("ghp_abc", label: nil, publicPrefix: "ghp_").text == "…(7 chars)")
        #expect(Evidence.secret("abc", label: "PASSWORD=", publicPrefix: nil).text == "PASSWORD= …(3 chars)")
        // A prefix never carries a control character to a terminal.
        let escape = "ab\u{1B}[" + String(repeating: "x", count: 20)
        #expect(Evidence.secret(escape, label: nil, publicPrefix: "ab\u{1B}[").text == "ab??…(24 chars)")
        // The digest is keyed: never the plain SHA-256 of the value.
        #expect(evidence.digest != Digest.sha256Hex(key))
        #expect(evidence.digest == Digest.hmacHex(key: DigestKey.secrets, Array(key.utf8)))
        #expect(evidence.isSecret)
    }

    @Test func fingerprintIgnoresLinesAndNormalisesPaths() {
        let a = Fingerprint.make(ruleID: "r", path: "./a//b/", keyPath: "x.y", evidenceDigest: "d")
        let b = Fingerprint.make(ruleID: "r", path: "a/b", keyPath: "x.y", evidenceDigest: "d")
        let c = Fingerprint.make(ruleID: "r", path: "a/b", keyPath: "x.y", evidenceDigest: "e")
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 64)
    }

    @Test func severityOrderAndNames() {
        #expect(Severity.allCases.sorted() == [.info, .low, .medium, .high, .critical])
        #expect(Severity(name: "HIGH") == .high)
        #expect(Severity(name: "severe") == nil)
    }

    @Test func inlineSuppressionNeedsAReason() {
        let lines: [Substring] = [
            "A=1 # goose-audit:ignore rule_a rotated in 2024", "# goose-audit:ignore rule_b", "B=2",
            "# goose-audit:ignore * test fixture", "C=3",
        ]
        #expect(InlineSuppression.find(ruleID: "rule_a", line: 1, in: lines) == .suppressed(reason: "rotated in 2024"))
        #expect(InlineSuppression.find(ruleID: "rule_b", line: 3, in: lines) == .missingReason(line: 2))
        #expect(InlineSuppression.find(ruleID: "rule_c", line: 3, in: lines) == .none)
        #expect(InlineSuppression.find(ruleID: "anything", line: 5, in: lines) == .suppressed(reason: "test fixture"))
    }

    @Test(arguments: [
        ("*.log", "logs/a.log", true), ("logs/**", "logs/x/y.txt", true), ("**/secrets.*", "a/b/secrets.yaml", true),
        ("vendor", "vendor/x.yaml", true), ("a/*.yaml", "a/b/c.yaml", false), ("a/?.yaml", "a/b.yaml", true),
        ("fixtures/**/keep", "fixtures/keep", true), ("*.log", "logs/a.txt", false),
    ])
    func globs(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(Glob.matches(pattern, path) == expected)
    }
}

struct PathTests {
    @Test func lexicalAbsolutePathsNeverResolveSymlinks() {
        #expect(Fingerprint.lexicallyAbsolute("out/../r.json", from: "/home/a") == "/home/a/r.json")
        #expect(Fingerprint.lexicallyAbsolute("/x//y/./z/", from: "/ignored") == "/x/y/z")
        #expect(Fingerprint.lexicallyAbsolute("../../..", from: "/a") == "/")
        #expect(Fingerprint.lexicallyAbsolute("link.json", from: "/tmp/d") == "/tmp/d/link.json")
    }
}

struct MemoTests {
    @Test func optionalValuesAreComputedOnceAndNotMistakenForCachedNil() {
        let shared = ScanShared()
        var calls = 0
        let first: Int? = shared.memo("k") {
            calls += 1; return nil
        }
        let second: Int? = shared.memo("k") {
            calls += 1; return 5
        }
        #expect(first == nil && second == nil && calls == 1)
        let computed: Int? = shared.memo("other") { 7 }
        #expect(computed == 7)
    }

    @Test("a file's name is the last non-empty component of its path, as splitting on / gives it")
    func artifactName() {
        let root = ScanRoot(label: ".", path: "/", role: .path)
        let metadata = FileMetadata(type: .regular, permissions: 0o644, uid: 0, gid: 0)
        let paths = ["/repo/a/config.yaml", "config.yaml", "/repo/dir/", "/repo//x//", "/", "//", "", "/é/ü.yaml", "a"]
        for path in paths {
            let artifact = Artifact(root: root, path: path, relativePath: "", kind: .recipe, metadata: metadata)
            #expect(artifact.name == String(path.split(separator: "/").last ?? Substring(path)), "\(path)")
        }
    }
}
