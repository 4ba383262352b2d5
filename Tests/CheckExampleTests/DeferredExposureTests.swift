import CheckCatalog
import GooseAuditTestSupport
import Synchronization
import Testing

@testable import GooseAuditCore

/// A file's exposure inside a scanned tree is computed when something asks (a check, a finding), not at
/// classification: a file without a finding costs no `lstat` and no ACL read. What is computed must be what the
/// classify stage used to compute eagerly, for files with findings above all (real modes and ACLs).
struct DeferredExposureTests {
    static let token = "ghp_" + String(repeating: "aB3dE6gH9j", count: 3) + "kL2mN4"

    /// The pipeline's stages over `tree`, with the targets kept (as `Scanner.scan` runs them).
    static func scan(_ tree: FixtureTree, checks: [any Check]) -> (targets: [CheckTarget], findings: [Finding]) {
        let env = GooseEnvironment(variables: [:], currentDirectory: tree.root)
        let options = ScanOptions(roots: [ScanRoot(label: ".", path: tree.root, role: .path)])
        let context = ScanContext(environment: env, locations: Discovery.locate(env), options: options)
        let classify = ClassifyStage(context: context)
        let inspect = InspectStage(checks: checks, context: context)
        let targets = DiscoverStage(options: options).run().entries.enumerated().map { classify.classify($1, index: $0) }
        let findings = targets.flatMap { inspect.inspect($0).findings }
        return (targets, inspect.inspectScan(targets, artifactFindings: findings).findings)
    }

    /// The exposure of `path` as the classify stage computed it before it was deferred.
    static func eager(_ path: String) throws -> Exposure {
        let analyzer = ExposureAnalyzer()
        return analyzer.exposure(of: path, state: try #require(analyzer.state(of: path)))
    }

    @Test("files with findings carry the eager exposure; files without one are never examined; directories are")
    func onlyFilesWithFindings() throws {
        let tree = try FixtureTree("deferred-exposure")
        try tree.lay([
            .directory("", mode: 0o755), .directory("src", mode: 0o755),
            .file("src/leak.py", "TOKEN = '\(Self.token)'\n", mode: 0o644),
            .file("src/private.py", "TOKEN = '\(Self.token.replacingOccurrences(of: "aB3", with: "zQ7"))'\n", mode: 0o600),
            .file("src/clean.py", "print('hello')\n", mode: 0o644),
        ])
        let checks = try CheckCatalog.registry.makeChecks().filter { $0.descriptor.category == .secrets }
        let (targets, findings) = Self.scan(tree, checks: checks)
        for name in ["src/leak.py", "src/private.py"] {
            let finding = try #require(findings.first { $0.location.path == name }, "no finding in \(name)")
            #expect(finding.exposure == (try Self.eager(tree.path(name))))
        }
        // The two modes give two different facts (so the comparisons above are not of two nils).
        #expect(findings.first { $0.location.path == "src/leak.py" }?.exposure?.grants.map(\.principal) == [.other])
        #expect(findings.first { $0.location.path == "src/private.py" }?.exposure?.grants == [])
        let clean = try #require(targets.first { $0.artifact.relativePath == "src/clean.py" })
        #expect(!clean.artifact.exposureResolved, "a file without findings had its exposure computed")
        // Asked later, it is what it always was.
        #expect(clean.artifact.exposure == (try Self.eager(tree.path("src/clean.py"))))
        let directory = try #require(targets.first { $0.artifact.relativePath == "src" })
        guard case .known(let known) = directory.artifact.exposureSource else {
            Issue.record("a directory's exposure was deferred")
            return
        }
        #expect(known == (try Self.eager(tree.path("src"))))
    }

    @Test(
        "an ACL grant on a file with a finding reaches its finding, and the checks that ask see it",
        .enabled(if: TestEnvironment.aclSupported, "needs setfacl"))
    func aclOnFileWithFinding() throws {
        let tree = try FixtureTree("deferred-exposure-acl")
        try tree.lay([.directory("", mode: 0o755), .directory("app", mode: 0o755), .file("app/.env", "GITHUB_TOKEN=\(Self.token)\n")])
        try tree.setfacl("app/.env", ["u:nobody:r"])
        let (targets, findings) = Self.scan(tree, checks: try CheckCatalog.registry.makeChecks())
        let eager = try Self.eager(tree.path("app/.env"))
        #expect(eager.hasExtendedACL)
        #expect(eager.grants.map(\.principal) == [.user(65534)])
        let secret = try #require(findings.first { $0.location.path == "app/.env" && $0.category == .secrets })
        #expect(secret.exposure == eager)
        let target = try #require(targets.first { $0.artifact.relativePath == "app/.env" })
        #expect(target.artifact.exposure == eager)
        // The same fact for a copy of the artifact (its reclassified or embedded forms share it).
        var copy = target.artifact
        copy.kind = .otherFile
        #expect(copy.exposure == eager)
        #expect(copy == target.artifact.with(kind: .otherFile))
    }

    @Test("a deferred exposure is computed once, even when asked again")
    func computedOnce() {
        let calls = Counter()
        let deferred = DeferredExposure {
            calls.increment()
            return nil
        }
        #expect(!deferred.isResolved)
        #expect(deferred.value == nil && deferred.value == nil)
        #expect(deferred.isResolved)
        #expect(calls.value == 1)
    }
}

/// A thread-safe call counter for the deferral test.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

extension Artifact {
    fileprivate func with(kind: ArtifactKind) -> Artifact {
        var copy = self
        copy.kind = kind
        return copy
    }
}
