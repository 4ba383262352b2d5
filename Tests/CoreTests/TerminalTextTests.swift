import GooseAuditCore
import Testing

/// The one escaping of human-readable output (issue 19): its vocabulary and the CI-command guard.
struct TerminalTextTests {
    @Test func controlsBidiAndZeroWidthBecomeVisibleEscapes() {
        #expect(TerminalText.escape("a\u{1B}[2Jb") == #"a\x1b[2Jb"#)
        #expect(TerminalText.escape("l1\nl2\r\tx\u{07}\u{7F}") == #"l1\nl2\r\tx\x07\x7f"#)
        #expect(TerminalText.escape("\u{9B}\u{85}") == #"\u{009B}\u{0085}"#)
        #expect(TerminalText.escape("gnp.\u{202E}yaml\u{2066}\u{2069}") == #"gnp.\u{202E}yaml\u{2066}\u{2069}"#)
        #expect(TerminalText.escape("a\u{200B}\u{200F}\u{2060}\u{FEFF}\u{2028}b") == #"a\u{200B}\u{200F}\u{2060}\u{FEFF}\u{2028}b"#)
        #expect(TerminalText.escape("tag\u{E0041}") == #"tag\u{E0041}"#)
    }

    @Test func backslashIsDoubledSoPathsStayUnambiguous() {
        #expect(TerminalText.escape(#"C:\x1b"#) == #"C:\\x1b"#)
        #expect(TerminalText.escape("C:\u{1B}") == #"C:\x1b"#)
        #expect(TerminalText.escape("plain/path ünï 日本.yaml") == "plain/path ünï 日本.yaml")
    }

    @Test func azureCommandsAnywhereAreDefused() {
        #expect(TerminalText.escape("x ##vso[task.complete]") == #"x #\x23vso[task.complete]"#)
    }

    @Test func noLineStartsWithACICommand() {
        let guarded = TerminalText.guardLines("ok\n::error::x\n  ::warning::y\n\u{1B}[1m##[group]z\u{1B}[0m\nmid ::x\n")
        #expect(guarded == "ok\n\\x3a:error::x\n  \\x3a:warning::y\n\u{1B}[1m\\x23#[group]z\u{1B}[0m\nmid ::x\n")
    }

    @Test func jsonKeepsValuesButNotRawHiddenCharacters() {
        #expect(TerminalText.jsonEscapingHidden("{\"a\":\"x\u{202E}y\u{E0041}\"}") == #"{"a":"x\u202ey\udb40\udc41"}"#)
    }
}
