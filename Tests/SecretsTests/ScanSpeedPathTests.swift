import Dispatch
import GooseAuditCore
import SecretEngine
import Synchronization
import Testing

/// The secrets scan's fast paths (issue 15 point 8) answer exactly what the plain definitions answer:
/// the interleaved keyword walk, the window starts found in one forward sweep, the line and column
/// sweep, and match sessions reused across files and threads. No timing here (docs/performance.md).
struct ScanSpeedPathTests {
    /// A deterministic text of `count` bytes: keyword pieces, letters, newlines, and multi-byte characters.
    static func text(_ count: Int, seed: UInt64) -> [UInt8] {
        let pieces = [
            "tok", "en", "TOKEN", "secret", "SeCrEt_", "-secret", "api_key", "sk-", "he", "hers", "é", "\n", " ", "x", "=", "\"", "ghp_",
        ]
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        var out: [UInt8] = []
        while out.count < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out += Array(pieces[Int((state >> 33) % UInt64(pieces.count))].utf8)
        }
        return Array(out.prefix(count))
    }

    /// Every occurrence by brute force, as `keyword@start`.
    static func naiveHits(_ keywords: [String], in text: [UInt8]) -> Set<String> {
        let folded = text.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        var found = Set<String>()
        for (index, keyword) in keywords.enumerated() {
            let needle = Array(keyword.lowercased().utf8)
            guard needle.count <= folded.count else { continue }
            for start in 0...(folded.count - needle.count) where folded[start..<(start + needle.count)].elementsEqual(needle) {
                found.insert("\(index)@\(start)")
            }
        }
        return found
    }

    @Test(
        "the four interleaved keyword walks find every occurrence, also across the parts' borders, in end order",
        arguments: [4096, 4099, 10_007, 65_536])
    func interleavedWalks(length: Int) {
        let keywords = ["he", "she", "his", "hers", "sk-", "token", "secret", "secret_", "-secret", "api_key", "ghp_", "é"]
        let automaton = KeywordAutomaton(keywords: keywords)
        var text = Self.text(length, seed: UInt64(length))
        // Keywords straddling each border of the four parts.
        let part = (length + 3) / 4
        for border in [part, 2 * part, 3 * part] {
            for (offset, byte) in "secret_".utf8.enumerated() { text[border - 3 + offset] = byte }
        }
        let hits = text.withUnsafeBufferPointer { automaton.hits(in: $0) }
        let found = Set(hits.map { "\($0.keyword)@\($0.start)" })
        let expected = Self.naiveHits(keywords, in: text)
        #expect(expected.subtracting(found).sorted() == [], "missed")
        #expect(found.subtracting(expected).sorted() == [], "reported but absent")
        #expect(hits.count == Set(hits.map { "\($0.keyword)@\($0.start)" }).count, "no occurrence reported twice")
        let ends = hits.map { $0.start + keywords[$0.keyword].utf8.count }
        #expect(ends == ends.sorted())
    }

    @Test("keyword windows equal whole-text search on long lines, keywords far from the line start and overlapping keywords")
    func windowsOnLongLines() throws {
        let scanner = try #require(Shipped.scanner)
        let secret = Fake.opaque(seed: 41)
        let lines = [
            String(repeating: "a", count: 700) + " token = \"\(secret)\"",
            String(repeating: "é", count: 300) + "SECRET_TOKEN=\(secret)",
            "x" + String(repeating: " ", count: 505) + "-secret_token: '\(secret)' api_key=\(Fake.opaque(seed: 42))",
            "GITHUB_TOKEN: \(Fake.github(seed: 43)) password=\(Fake.opaque(seed: 44))",
        ]
        for count in 1...lines.count {
            let bytes = Array(lines.prefix(count).joined(separator: "\n").utf8)
            let windowed = scanner.scan(bytes, mode: .windowed).matches.map { "\($0.ruleID)@\($0.range)" }
            let whole = scanner.scan(bytes, mode: .wholeText).matches.map { "\($0.ruleID)@\($0.range)" }
            #expect(windowed == whole)
            #expect(!windowed.isEmpty)
        }
    }

    @Test("lines and columns of many matches in one text equal a count from the text's start")
    func positions() throws {
        let scanner = try #require(Shipped.scanner)
        var text = ""
        for index in 0..<60 {
            text +=
                String(repeating: index % 3 == 0 ? "é" : "x", count: index % 7) + "GITHUB_TOKEN=\(Fake.github(seed: UInt64(100 + index)))"
            text += index % 4 == 0 ? " " : "\n"
        }
        let bytes = Array(text.utf8)
        let matches = scanner.scan(bytes).matches
        #expect(matches.count == 60)
        for match in matches {
            let before = bytes[..<match.range.lowerBound]
            let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
            let column = String(decoding: bytes[lineStart..<match.range.lowerBound], as: UTF8.self).unicodeScalars.count + 1
            #expect(match.line == line && match.column == column)
        }
    }

    @Test("scans in parallel, sharing reused match sessions, give what scans one by one give")
    func parallelScansAgree() throws {
        let scanner = try #require(Shipped.scanner)
        let texts = (0..<48).map { index in
            Corpus.files()[index % Corpus.files().count] + "\nTOKEN=\(Fake.opaque(seed: UInt64(200 + index)))\n"
        }
        let serial = texts.map { text in scanner.scan(Array(text.utf8)).matches.map { "\($0.ruleID)@\($0.range)" } }
        let parallel = Mutex<[[String]]>(Array(repeating: [], count: texts.count))
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            let found = scanner.scan(Array(texts[index].utf8)).matches.map { "\($0.ruleID)@\($0.range)" }
            parallel.withLock { $0[index] = found }
        }
        #expect(parallel.withLock { $0 } == serial)
        #expect(serial.allSatisfy { !$0.isEmpty })
    }
}
