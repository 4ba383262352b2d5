import GooseAuditCore
import GooseAuditReports
import Testing

/// The worked examples of docs/ranking.md, one test each.
struct RankingTests {
    static let world = RichReport.worldReadable
    static let group = Exposure(
        grants: [AccessGrant(principal: .group(50), permission: [.read], source: "mode 0640")],
        reachableGrants: [AccessGrant(principal: .group(50), permission: [.read], source: "mode 0640")],
        protectedBy: nil, replaceableVia: [], hasExtendedACL: false, aclSupported: true)
    static let none = Exposure(
        grants: [], reachableGrants: [], protectedBy: nil, replaceableVia: [], hasExtendedACL: false, aclSupported: true)

    static func make(_ severity: Severity, _ kind: FindingKind, exposure: Exposure?, confidence: Confidence = .high, id: String = "rule")
        -> Finding
    {
        var finding = Finding(
            ruleID: id, category: .secrets, severity: severity, confidence: confidence, kind: kind, title: id, message: id,
            location: Location(root: ".", path: "file"), fingerprintPath: "file", evidence: .fact(id), remediation: "fix")
        finding.exposure = exposure
        return finding
    }

    @Test("example 1: a live critical credential in a world-readable file scores 100 and ranks first")
    func liveCredentialOnTop() {
        let key = Self.make(.critical, .credential, exposure: Self.world, id: "key")
        #expect(Ranking.score(key) == 100)
        let others = [
            Self.make(.critical, .exposure, exposure: Self.world, id: "exposure"),
            Self.make(.high, .configuration, exposure: Self.none, id: "config"),
            Self.make(.low, .hygiene, exposure: nil, id: "hygiene"),
        ]
        #expect(Ranking.rank(others + [key]).first?.ruleID == "key")
    }

    @Test("example 2: hygiene advice sinks to the bottom (info 0, low 10)")
    func hygieneAtBottom() {
        let info = Self.make(.info, .hygiene, exposure: nil, id: "info")
        let low = Self.make(.low, .hygiene, exposure: nil, id: "low")
        let lowConfig = Self.make(.low, .configuration, exposure: nil, id: "low_config")
        #expect(Ranking.score(info) == 0)
        #expect(Ranking.score(low) == 10)
        #expect(Ranking.rank([info, low, lowConfig]).map(\.ruleID) == ["low_config", "low", "info"])
    }

    @Test("example 3: a key others can read outranks the same key in a private file and the bare exposure finding")
    func readableKeyOutranks() {
        let readable = Self.make(.high, .credential, exposure: Self.group, id: "key_readable")
        let privateKey = Self.make(.high, .credential, exposure: Self.none, id: "key_private")
        let exposure = Self.make(.critical, .exposure, exposure: Self.group, id: "secrets_file_exposed")
        #expect(Ranking.score(readable) == 85)
        #expect(Ranking.score(privateKey) == 60)
        #expect(Ranking.score(exposure) == 80)
        #expect(Ranking.rank([privateKey, exposure, readable]).map(\.ruleID) == ["key_readable", "secrets_file_exposed", "key_private"])
    }

    @Test("example 4: a writable configuration earns the write bonus; lower confidence scales down")
    func configurationAndConfidence() {
        let writable = Exposure(
            grants: [AccessGrant(principal: .other, permission: [.read, .write], source: "mode 0666")],
            reachableGrants: [AccessGrant(principal: .other, permission: [.read, .write], source: "mode 0666")],
            protectedBy: nil, replaceableVia: [], hasExtendedACL: false, aclSupported: true)
        #expect(Ranking.score(Self.make(.high, .configuration, exposure: writable)) == 80)
        #expect(Ranking.score(Self.make(.high, .credential, exposure: Self.world, confidence: .medium)) == 77)
    }

    @Test("suppressed findings rank after every active one")
    func suppressedLast() {
        var suppressed = Self.make(.critical, .credential, exposure: Self.world, id: "suppressed")
        suppressed.suppression = Suppression(source: .inline, reason: "test")
        let info = Self.make(.info, .hygiene, exposure: nil, id: "info")
        #expect(Ranking.rank([suppressed, info]).map(\.ruleID) == ["info", "suppressed"])
    }
}
