import GooseAuditCore
import StructuredText
import Testing

struct StructuredTextTests {
    @Test func yamlLeavesCarryKeyPathsAndPositions() throws {
        let text = """
            GOOSE_MODE: approve
            extensions:
              github:
                envs:
                  GITHUB_TOKEN: "value-here"
                args: ["-y", pkg]
            """
        let document = try StructuredReader.yaml(text).get()
        let leaves = document.leaves
        let token = try #require(leaves.first { $0.keyPath.description == "extensions.github.envs.GITHUB_TOKEN" })
        #expect(token.scalar.value == "value-here")
        #expect(token.scalar.position == Position(line: 5, column: 21))
        #expect(token.keyPosition == Position(line: 5, column: 7))
        #expect(!token.scalar.isPlain)
        #expect(leaves.contains { $0.keyPath.description == "extensions.github.args[1]" && $0.scalar.value == "pkg" })
        #expect(document.leaf(line: 5)?.keyPath.description == "extensions.github.envs.GITHUB_TOKEN")
        #expect(document.root?["GOOSE_MODE"]?.string == "approve")
    }

    @Test func keysWithDotsAreQuotedInKeyPaths() throws {
        let document = try StructuredReader.yaml("a:\n  b.c: 1\n").get()
        #expect(document.leaves.first?.keyPath.description == "a[\"b.c\"]")
    }

    @Test func multiDocumentYaml() throws {
        let document = try StructuredReader.yaml("a: 1\n---\nb: 2\n").get()
        #expect(document.documents.count == 2)
        #expect(document.leaves.map(\.scalar.position.line) == [1, 3])
    }

    @Test func aliasBombEndsInAParseErrorQuickly() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            if case .success = StructuredReader.yaml(text) { Issue.record("an alias bomb must not parse") }
        }
        #expect(elapsed < .seconds(10))
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .failure(let error) = StructuredReader.yaml(text) else {
            Issue.record("100 000 levels must be refused")
            return
        }
        #expect(error.description.contains("yaml parse error"))
    }

    @Test func malformedYamlNamesThePosition() {
        guard case .failure(let error) = StructuredReader.yaml("a: [1, 2\nb: 3\n") else {
            Issue.record("must fail")
            return
        }
        #expect(error.position != nil)
    }

    @Test func duplicateKeysAreAnError() {
        guard case .failure(let error) = StructuredReader.yaml("a: 1\na: 2\n") else {
            Issue.record("must fail")
            return
        }
        #expect(error.message.contains("duplicate"))
    }

    @Test func jsonWithCommentsAndTabs() throws {
        let text = "{\n\t// provider\n\t\"headers\": {\"Authorization\": \"Bearer x//y\"} /* c */\n}\n"
        let document = try StructuredReader.json(text).get()
        let leaf = try #require(document.leaves.first)
        #expect(leaf.keyPath.description == "headers.Authorization")
        #expect(leaf.scalar.value == "Bearer x//y")
        #expect(leaf.scalar.position.line == 3)
    }

    @Test func envFiles() {
        let text =
            "\u{FEFF}# comment\r\nexport A_KEY=\"quoted # not comment\"\r\nB='single'\nC=plain # trailing\n  D = spaced\nnot a pair\nE=\n"
        let document = EnvReader.parse(text)
        let values = document.leaves.map { ($0.keyPath.description, $0.scalar.value, $0.scalar.position.line) }
        #expect(values.map(\.0) == ["A_KEY", "B", "C", "D", "E"])
        #expect(values.map(\.1) == ["quoted # not comment", "single", "plain", "spaced", ""])
        #expect(values.map(\.2) == [2, 3, 4, 5, 7])
        #expect(document.leaves.first?.scalar.position.column == 14)
    }
}
