import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// A test-only check: reports `Evidence.secret` for every `TOKEN=` line.
struct TokenLineCheck: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "test_token_line", title: "Token line", summary: "Test check.", rationale: "Test.", remediation: "Remove it.",
        severity: .high, category: .secrets, kind: .credential, artifactKinds: Set(ArtifactKind.allCases))

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let lines = target.content?.lines else { return [] }
        return lines.enumerated().compactMap { index, line in
            guard line.hasPrefix("TOKEN=") else { return nil }
            return descriptor.finding(
                "token in plain text", at: target.artifact, line: index + 1, column: 7,
                evidence: .secret(line.dropFirst(6), label: nil, publicPrefix: nil))
        }
    }
}

struct BaselineTests {
    static let first = "tok_" + String(repeating: "AbCd1234", count: 4)
    static let second = "tok_" + String(repeating: "ZyXw9876", count: 4)

    static func scan(_ tree: FixtureTree, baseline: Baseline? = nil) -> ScanResult {
        CheckRunner.scan([TokenLineCheck()], root: tree.root) { $0.baseline = baseline }
    }

    static func tree(_ contents: String) throws -> FixtureTree {
        let tree = try FixtureTree("baseline")
        try tree.file("notes.txt", contents)
        return tree
    }

    @Test("re-running with the baseline of a run reports nothing new")
    func nothingNew() throws {
        let tree = try Self.tree("a\nTOKEN=\(Self.first)\nb\nTOKEN=\(Self.second)\n")
        let before = Self.scan(tree)
        #expect(before.findings.count == 2)
        let after = Self.scan(tree, baseline: Baseline(accepting: before.findings))
        #expect(after.findings.allSatisfy { $0.suppression?.source == .baseline })
        #expect(after.suppressedByBaseline == 2)
    }

    @Test("moving a secret down ten lines keeps it suppressed")
    func movedStaysKnown() throws {
        let tree = try Self.tree("TOKEN=\(Self.first)\n")
        let baseline = Baseline(accepting: Self.scan(tree).findings)
        try tree.file("notes.txt", String(repeating: "filler\n", count: 10) + "TOKEN=\(Self.first)\n")
        let moved = Self.scan(tree, baseline: baseline)
        #expect(moved.findings.map(\.location.line) == [11])
        #expect(moved.findings.allSatisfy { $0.suppression?.source == .baseline })
    }

    @Test("swapping the secret for another value on the same line reports it")
    func swappedIsNew() throws {
        let tree = try Self.tree("TOKEN=\(Self.first)\n")
        let baseline = Baseline(accepting: Self.scan(tree).findings)
        try tree.file("notes.txt", "TOKEN=\(Self.second)\n")
        let swapped = Self.scan(tree, baseline: baseline)
        #expect(swapped.findings.count == 1)
        #expect(swapped.findings.first?.suppression == nil)
        #expect(swapped.suppressedByBaseline == 0)
    }

    @Test("the baseline file is deterministic and holds no line, timestamp or secret")
    func deterministicFile() throws {
        let tree = try Self.tree("TOKEN=\(Self.second)\nTOKEN=\(Self.first)\n")
        let findings = Self.scan(tree).findings
        let a = Baseline(accepting: findings).encoded()
        let b = Baseline(accepting: findings.reversed()).encoded()
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(!text.contains(Self.first) && !text.contains(Self.first.prefix(8)))
        for key in ["\"line", "\"column", "time", "date", "evidence"] { #expect(!text.contains(key), "\(key)") }
        let entries = try Baseline.decode(a, path: "test").entries
        #expect(entries == entries.sorted() && entries.count == 2)
        #expect(entries.allSatisfy { $0.ruleID == "test_token_line" && $0.path == "notes.txt" })
    }

    @Test("a malformed or future baseline is refused with the file named")
    func refused() throws {
        #expect(
            throws: Baseline.Failure.malformed(
                path: "b.json",
                reason: "expected {\"baseline_version\": 3, \"key_id\": …, \"findings\": [{fingerprint, rule_id, path, secret}]}")
        ) {
            try Baseline.decode(Data("[1, 2]".utf8), path: "b.json")
        }
        #expect(throws: Baseline.Failure.unsupportedVersion(path: "b.json", found: 4)) {
            try Baseline.decode(Data(#"{"baseline_version": 4, "findings": []}"#.utf8), path: "b.json")
        }
        // Version 1 held unkeyed fingerprints: refused with the way out.
        #expect(throws: Baseline.Failure.unsupportedVersion(path: "b.json", found: 1)) {
            try Baseline.decode(Data(#"{"baseline_version": 1, "findings": []}"#.utf8), path: "b.json")
        }
        // Another key: the secret entries are left out with one notice, the others kept.
        let other = try Baseline.decode(
            Data(
                #"{"baseline_version": 3, "key_id": "0123456789abcdef", "findings": [{"fingerprint": "a", "rule_id": "r", "path": "p", "secret": true}, {"fingerprint": "b", "rule_id": "r", "path": "p"}]}"#
                    .utf8),
            path: "b.json")
        #expect(other.entries.map(\.fingerprint) == ["b"])
        #expect(
            other.notices.count == 1 && other.notices[0].message.hasPrefix("1 secret entry was made with fingerprint key 0123456789abcdef"))
    }
}
