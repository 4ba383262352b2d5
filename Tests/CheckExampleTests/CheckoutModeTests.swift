import CheckCatalog
import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// Checkout mode: in a git checkout, file-mode findings on files git tracks are left out (git carries no modes),
/// with one notice; every other finding stays, and `checkoutModes` keeps them all. Only the artifacts of file-mode
/// findings are asked whether git tracks them.
struct CheckoutModeTests {
    static let hasGit = FileManager.default.isExecutableFile(atPath: "/usr/bin/git")

    @Test(
        "file-mode findings on tracked files are left out with a notice; untracked ones and secrets stay", .enabled(if: hasGit, "needs git")
    )
    func trackedFileModesLeftOut() throws {
        let tree = try FixtureTree("checkout-mode")
        let token = "ghp_" + String(repeating: "aB3dE6gH9j", count: 3) + "kL2mN4"
        try tree.lay([
            .directory("", mode: 0o755), .file("app/.env", "GITHUB_TOKEN=\(token)\n", mode: 0o644),
            .file("README.md", "nothing here\n", mode: 0o644),
        ])
        _ = try Shell.capture("/usr/bin/git", ["-C", tree.root, "init", "-q"])
        _ = try Shell.capture("/usr/bin/git", ["-C", tree.root, "add", "app/.env", "README.md"])
        _ = try tree.file("local/.env", "GITHUB_TOKEN=\(token.replacingOccurrences(of: "aB3", with: "zQ7"))\n", mode: 0o644)
        let checks = try CheckCatalog.registry.makeChecks()
        func scan(checkoutModes: Bool) -> ScanResult {
            CheckRunner.scan(checks, root: tree.root, expanders: CheckCatalog.expanders) { $0.checkoutModes = checkoutModes }
        }
        let fileModes = { (result: ScanResult, path: String) in
            result.findings.filter { $0.category == .filesystem && $0.location.path == path }.map(\.ruleID)
        }
        let all = scan(checkoutModes: true)
        #expect(!fileModes(all, "app/.env").isEmpty, "the world-readable tracked .env has a file-mode finding to leave out")
        #expect(!fileModes(all, "local/.env").isEmpty)
        let checkout = scan(checkoutModes: false)
        #expect(fileModes(checkout, "app/.env").isEmpty)
        #expect(fileModes(checkout, "local/.env") == fileModes(all, "local/.env"))
        let secrets = { (result: ScanResult) in result.findings.filter { $0.category == .secrets }.map(\.location.path).sorted() }
        #expect(secrets(checkout) == secrets(all) && secrets(all) == ["app/.env", "local/.env"])
        let notice = "left out \(fileModes(all, "app/.env").count) file-mode finding(s) on files git tracks"
        #expect(checkout.notices.contains { $0.message.hasPrefix(notice) })
        #expect(!all.notices.contains { $0.message.hasPrefix("left out") })
    }
}
