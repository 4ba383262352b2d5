import Foundation
import GooseAuditTestSupport
import Testing

/// Replays the fuzz seed and regression corpus (Tests/FuzzCorpus/<harness>/) through the harnesses'
/// invariants with the normally built replayer; inputs that once crashed stay fixed.
struct FuzzCorpusTests {
    static let corpus = Binary.packageRoot + "/Tests/FuzzCorpus"
    static let harnesses = ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []).sorted()

    @Test("fuzz corpus replays without a crash", arguments: harnesses)
    func replay(_ harness: String) throws {
        let directory = Self.corpus + "/" + harness
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { directory + "/" + $0 }
        #expect(!files.isEmpty)
        let replayer = (Binary.path as NSString).deletingLastPathComponent + "/goose-audit-fuzz"
        let result = try Shell.capture(replayer, [harness] + files, environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\(files.count) inputs replayed without a crash"))
    }
}
