import Foundation
import GooseAuditTestSupport
import Testing

/// Docs that run: every shell block in README.md and docs/ marked `<!-- runnable -->` (optionally
/// `<!-- runnable exit=N -->`) runs with bash against fixtures (a home with a goose installation, and a team
/// configuration repository under git as the working directory), with the built binary first on PATH.
@Suite(.serialized)
struct RunnableDocsTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var file: String
        var line: Int
        var script: String
        var exit: Int32
        var testDescription: String { "\(file):\(line)" }
    }

    static let examples: [Example] = {
        let root = Binary.packageRoot
        var files = ["README.md"]
        if let enumerator = FileManager.default.enumerator(atPath: root + "/docs") {
            for case let name as String in enumerator where name.hasSuffix(".md") { files.append("docs/" + name) }
        }
        var examples: [Example] = []
        for file in files.sorted() {
            guard let text = try? String(contentsOfFile: root + "/" + file, encoding: .utf8) else { continue }
            let lines = text.components(separatedBy: "\n")
            var index = 0
            while index < lines.count {
                let marker = lines[index].trimmingCharacters(in: .whitespaces)
                if marker.hasPrefix("<!-- runnable"), index + 1 < lines.count, lines[index + 1].hasPrefix("```sh") {
                    let exit = marker.firstMatch(of: /exit=(\d+)/).flatMap { Int32($0.1) } ?? 0
                    var body: [String] = []
                    var cursor = index + 2
                    while cursor < lines.count, !lines[cursor].hasPrefix("```") {
                        body.append(lines[cursor])
                        cursor += 1
                    }
                    examples.append(Example(file: file, line: index + 1, script: body.joined(separator: "\n"), exit: exit))
                    index = cursor
                }
                index += 1
            }
        }
        return examples
    }()

    @Test("the docs mark runnable examples (so this test cannot pass by finding none)")
    func examplesExist() {
        #expect(Self.examples.count >= 5, "\(Self.examples.map(\.testDescription))")
        #expect(Set(Self.examples.map(\.file)).count >= 2)
    }

    @Test("a runnable example runs as written", arguments: examples)
    func runs(_ example: Example) throws {
        let home = try FixtureTree("docs-home")
        try home.directory(".config", mode: 0o700)
        try home.directory(".config/goose", mode: 0o700)
        try home.file(".config/goose/config.yaml", "GOOSE_MODE: approve\nGOOSE_PROVIDER: openai\n", mode: 0o600)
        let repo = try FixtureTree("docs-repo")
        try repo.file("config.yaml", "GOOSE_MODE: smart_approve\n", mode: 0o644)
        try repo.file(
            "recipes/daily.yaml",
            "version: 1.0.0\ntitle: Daily\ndescription: daily summary\nauthor:\n  contact: team\ninstructions: Summarise the day.\n",
            mode: 0o644)
        try repo.file(".gitignore", ".env\n", mode: 0o644)
        try repo.file(".env", "GOOSE_MODE=approve\n", mode: 0o600)
        let git = "git init -q -b main && git add -A && git -c user.name=docs -c user.email=docs@example.invalid commit -qm init"
        let prepared = try Shell.capture(
            "/bin/sh", ["-c", git], environment: ["PATH": "/usr/bin:/bin", "HOME": home.root], directory: repo.root)
        #expect(prepared.status == 0, "\(prepared.stderr)")
        let bin = (Binary.path as NSString).deletingLastPathComponent
        let result = try Shell.capture(
            "/bin/bash", ["-euo", "pipefail", "-c", example.script],
            environment: ["HOME": home.root, "PATH": bin + ":/usr/bin:/bin", "LANG": "C.UTF-8"], directory: repo.root)
        #expect(result.status == example.exit, "\(example.testDescription) exited \(result.status)\n\(example.script)\n\(result.stderr)")
    }
}
