import Testing

@testable import GooseAuditCore

/// `SecretNames` splits text into runs on bytes when the text is ASCII and answers "no secret" from the bytes
/// when no run is long enough (issue 15 point 8): both give what the character-by-character definition gives.
struct SecretNameRunsTests {
    /// The definition: characters that are printable ASCII, but not space, quotes, brackets, `,;|/\`.
    static func referenceRuns(_ text: String) -> [Substring] {
        text.split { ch in
            guard let ascii = ch.asciiValue, ascii > 32, ascii < 127 else { return true }
            return "\"'`()[]{}<>,;|/\\".contains(ch)
        }
    }

    @Test(arguments: [
        "", "a", "repo/config.yaml", "extensions.Qm7vX2pL9tRk4ZsW8yHc3NdJ6fGb1TaE5uVw0.envs.TOKEN", "a\r\nb c\td",
        "\"quoted\" 'single' `tick` (paren) [bracket] {brace} <angle> x,y;z|w/v\\u", "dé\u{301}jà vu_tokenValue_0123456789abc",
        "e\u{301}Qm7vX2pL9tRk4ZsW8yHc3NdJ6", "🙂Qm7vX2pL9tRk4ZsW8yHc3NdJ6fGb1🙂", "\u{7F}\u{1F}!~#$%&*+-.:=?@^_",
        "x" + String(repeating: "ab", count: 40),
    ])
    func runsMatchTheDefinition(text: String) {
        #expect(SecretNames.runs(text).map(String.init) == Self.referenceRuns(text).map(String.init))
        let long = Self.referenceRuns(text).contains { $0.utf8.count >= SecretNames.shortest }
        // The byte test may say "maybe" where characters say no (a combining mark after a letter), never the reverse.
        if long { #expect(SecretNames.hasLongRun(text)) }
        if text.utf8.allSatisfy({ $0 < 0x80 }) { #expect(SecretNames.hasLongRun(text) == long) }
    }

    @Test("a text with no long run is no secret, whatever the detector would say of its parts")
    func shortRunsAreNoSecret() {
        #expect(SecretNames.secrets(in: "src/module_a/some_file.py: line 12 col 4").isEmpty)
        #expect(!SecretNames.hasLongRun("a/b/c/Qm7vX2pL9tRk4Z/x"))
        #expect(SecretNames.hasLongRun("a/b/c/Qm7vX2pL9tRk4ZsW/x"))
    }
}
