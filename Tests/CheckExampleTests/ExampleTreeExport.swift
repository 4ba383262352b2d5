import CheckCatalog
import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// Writes every check's example trees to `$GOOSE_AUDIT_EXPORT_EXAMPLES` for `scripts/report-parity.sh`,
/// which scans them with two builds and compares the JSON reports. Off unless the variable is set.
struct ExampleTreeExport {
    static let directory = ProcessInfo.processInfo.environment["GOOSE_AUDIT_EXPORT_EXAMPLES"]

    /// Where a root of `role` lives in an exported tree: goose's locations under `home/`, paths under `repo/`.
    static func prefix(_ role: RootRole) -> String {
        switch role {
        case .config: "home/.config/goose"
        case .data: "home/.local/share/goose"
        case .state: "home/.local/state/goose"
        default: "repo"
        }
    }

    @Test("export the example trees", .enabled(if: directory != nil, "set GOOSE_AUDIT_EXPORT_EXAMPLES to a directory"))
    func export() throws {
        let output = try #require(Self.directory)
        var count = 0
        for case let test in CheckExampleTests.allCases where !test.example.files.contains(where: \.needsRoot) {
            count += 1
            let tree = try FixtureTree("export")
            let prefix = Self.prefix(test.example.role)
            let files = test.example.files.map { file in
                var file = file
                file.path = file.path.isEmpty ? prefix : prefix + "/" + file.path
                return file
            }
            try tree.lay([.directory("home"), .directory("repo")] + files)
            let target = output + "/" + String(format: "%04d", count) + "-" + test.ruleID
            _ = try Shell.run("/bin/cp", ["-a", tree.root, target])
            let environment = test.example.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            try (environment.joined(separator: "\n") + "\n").write(toFile: target + ".env", atomically: true, encoding: .utf8)
        }
        #expect(count > 0)
    }
}
