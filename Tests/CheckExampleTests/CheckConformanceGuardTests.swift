import Foundation
import GooseAuditTestSupport
import Testing

/// A check must inspect something: a type that adopts `Check` alone, without `ArtifactCheck` or
/// `ScanCheck`, does not compile. Both halves type-check a small file against the `GooseAuditCore`
/// module of this build, so the guard cannot pass by accident.
struct CheckConformanceGuardTests {
    static let modules = Binary.packageRoot + "/.build/debug/Modules"
    static let available = FileManager.default.fileExists(atPath: modules + "/GooseAuditCore.swiftmodule")

    static let descriptor = """
        let descriptor = CheckDescriptor(
            id: "guard_example", title: "t", summary: "s", rationale: "r", remediation: "m",
            severity: .low, category: .permissions, kind: .configuration, artifactKinds: [.config])
        """

    /// The type checker's output for `source`, and whether it accepted it.
    static func typeCheck(_ source: String) throws -> (accepted: Bool, output: String) {
        let tree = try FixtureTree()
        let file = tree.path("Guard.swift")
        try Data(("import GooseAuditCore\n\n" + source).utf8).write(to: URL(fileURLWithPath: file))
        let result = try Shell.capture(
            "/usr/bin/env",
            [
                "swiftc", "-typecheck", "-I", modules, "-Xcc", "-fmodule-map-file=\(Binary.packageRoot)/Sources/CACL/module.modulemap",
                file,
            ])
        return (result.status == 0, result.stderr + result.stdout)
    }

    @Test(
        "a check that adopts Check alone, inspecting nothing, does not compile; an ArtifactCheck does",
        .enabled(if: available, "skipped: needs the debug build's modules in .build/debug/Modules"))
    func checkWithoutInspectionDoesNotCompile() throws {
        let neither = try Self.typeCheck("struct Neither: Check {\n\(Self.descriptor)\n}\n")
        #expect(!neither.accepted, "a Check without inspect or inspectScan compiled")
        #expect(neither.output.contains("does not conform to protocol 'Check'"), "\(neither.output)")

        let artifact = try Self.typeCheck(
            "struct OnePerFile: ArtifactCheck {\n\(Self.descriptor)\n    func inspect(_ target: CheckTarget) throws -> [Finding] { [] }\n}\n"
        )
        #expect(artifact.accepted, "\(artifact.output)")
    }
}
