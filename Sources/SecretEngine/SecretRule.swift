import GooseAuditCore

/// One credential format, as data: a pattern, the keywords that must occur for it to be tried,
/// the filters that drop look-alikes, and examples that prove it works.
public struct SecretRule: Sendable, Hashable {
    /// Stable snake_case identifier (`openai_api_key`); it is also the finding's rule id.
    public var id: String
    /// The credential kind in a few words (`OpenAI API key`); messages name it, never the value.
    public var title: String
    public var description: String
    /// RE2-style pattern, compiled by PCRE2 in byte mode.
    public var pattern: String
    /// Lowercased literals, one of which must occur before the pattern is tried; empty means always.
    public var keywords: [String]
    /// Lowercased literals, one of which the keyword's line (from the keyword window's start to the line's
    /// end) must hold for the pattern to be tried there: a cheap necessary condition stated by the rule (text
    /// every match holds), found in the same pass as the keywords, so that a costly pattern skips the many
    /// keyword lines it cannot match. It never adds a match; the whole-text reference search ignores it, and
    /// the rule's examples are checked with it. Empty means every keyword line.
    public var lineRequires: [String]
    /// Lowercased literals one of which every match begins with (the expansions of a pattern's leading
    /// alternation): then the pattern is tried only where one of them starts inside a keyword window,
    /// instead of at every position of the window. It never adds a match; the whole-text reference
    /// search ignores it, and the rule's examples are checked with it. Empty means anywhere.
    public var startsWith: [String]
    /// A byte one of which every match holds within a few bytes of its start, on its line (an assignment's `=` or
    /// `:` after the name it begins with): the positions `starts_with` gives are tried only where one is that near.
    /// Needs `starts_with`. Like the other hints it never adds a match and the whole-text reference search ignores it.
    public var nearStart: NearStart?
    /// The capture group that holds the secret; 0 takes the first non-empty group, or the whole match.
    public var secretGroup: Int
    /// Matches whose secret has a lower Shannon entropy (bits per byte) are dropped.
    public var minEntropy: Double?
    /// Patterns that, when they match the secret, mark it as a known non-secret.
    public var allowPatterns: [String]
    /// Lowercased words that, when the secret contains one, mark it as a placeholder.
    public var stopWords: [String]
    public var severity: Severity
    public var confidence: Confidence
    /// A catch-all rule (keyword-anchored assignment); a specific rule's match of the same secret wins.
    public var generic: Bool
    public var examples: RuleExamples
    /// The file the rule was loaded from, for error messages.
    public var source: String

    public init(
        id: String, title: String, description: String = "", pattern: String, keywords: [String] = [], lineRequires: [String] = [],
        startsWith: [String] = [], nearStart: NearStart? = nil,
        secretGroup: Int = 0, minEntropy: Double? = nil, allowPatterns: [String] = [], stopWords: [String] = [],
        severity: Severity = .high, confidence: Confidence = .high, generic: Bool = false,
        examples: RuleExamples = RuleExamples(), source: String = "<inline>"
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.pattern = pattern
        self.keywords = keywords.map { $0.lowercased() }
        self.lineRequires = lineRequires.map { $0.lowercased() }
        self.startsWith = startsWith.map { $0.lowercased() }
        self.nearStart = nearStart
        self.secretGroup = secretGroup
        self.minEntropy = minEntropy
        self.allowPatterns = allowPatterns
        self.stopWords = stopWords.map { $0.lowercased() }
        self.severity = severity
        self.confidence = confidence
        self.generic = generic
        self.examples = examples
        self.source = source
    }

    /// Whether a match may start on an earlier line than its keyword (PEM blocks): such rules
    /// run over the whole text instead of keyword windows.
    public var spansLines: Bool {
        pattern.contains("(?s") || pattern.contains("[\\s\\S]") || pattern.contains("\\n") || pattern.contains("\\r")
    }
}

/// `near_start`: one of `bytes` (one to four) occurs in the `within` bytes from a match's start, before its line ends.
public struct NearStart: Sendable, Hashable {
    public let bytes: [UInt8]
    public let within: Int

    /// Nil unless there are one to four ASCII bytes, none a line break, and `within` is 1 to 512.
    public init?(bytes: [UInt8], within: Int) {
        guard (1...4).contains(bytes.count), bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }), (1...512).contains(within)
        else { return nil }
        self.bytes = bytes
        self.within = within
    }

    /// The test as plain values (reading it retains nothing: it runs at every position a rule is tried).
    var test: NearTest { NearTest(bytes: bytes, within: within) }
}

/// `NearStart` for the hot loop: the wanted bytes each repeated across a word (up to four; missing ones repeat the first).
struct NearTest: Sendable {
    private let within: Int
    private let wanted: (UInt64, UInt64, UInt64, UInt64)

    init(bytes: [UInt8], within: Int) {
        precondition((1...4).contains(bytes.count), "near_start holds one to four bytes (NearStart's init checks)")
        let splats = bytes.map { UInt64($0) &* 0x0101_0101_0101_0101 }
        func splat(_ index: Int) -> UInt64 { index < splats.count ? splats[index] : splats[0] }
        self.within = within
        wanted = (splat(0), splat(1), splat(2), splat(3))
    }

    /// Whether one of the bytes occurs in `text[start..<start + within]` before a line break, eight bytes at a time.
    @inline(__always)
    func holds(at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return false }
        let end = min(text.count, start + within)
        var offset = start
        while offset + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            // The high bit of each byte of `found` is set where a wanted byte or a line break is; the lowest set
            // one is exact (the trick can also mark bytes above a true one, never below it).
            let found =
                Self.zeroBytes(word ^ Self.lineBreaks) | Self.zeroBytes(word ^ wanted.0) | Self.zeroBytes(word ^ wanted.1)
                | Self.zeroBytes(word ^ wanted.2) | Self.zeroBytes(word ^ wanted.3)
            if found != 0 { return base[offset + found.trailingZeroBitCount / 8] != UInt8(ascii: "\n") }
            offset += 8
        }
        while offset < end {
            let byte = UInt64(base[offset]) &* 0x0101_0101_0101_0101
            if byte == Self.lineBreaks { return false }
            if byte == wanted.0 || byte == wanted.1 || byte == wanted.2 || byte == wanted.3 { return true }
            offset += 1
        }
        return false
    }

    private static let lineBreaks: UInt64 = 0x0A0A_0A0A_0A0A_0A0A

    /// The high bit of each zero byte of `word` set (and possibly of bytes above the lowest zero byte).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 { (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 }
}

/// Texts a rule must and must not find; checked when the rules load and in tests.
public struct RuleExamples: Sendable, Hashable {
    public var truePositives: [String]
    public var falsePositives: [String]

    public init(truePositives: [String] = [], falsePositives: [String] = []) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
    }
}

/// Why a rule file could not be used. Every case names the file and, when known, the rule.
public enum RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case syntax(file: String, line: Int?, message: String)
    case missingField(file: String, rule: String, field: String)
    case invalidField(file: String, rule: String, field: String, expected: String, found: String)
    case unsafePattern(file: String, rule: String, reason: String)
    case compile(file: String, rule: String, field: String, offset: Int, message: String)
    case duplicateID(file: String, rule: String, firstFile: String)
    case examplePositiveMissed(file: String, rule: String, index: Int)
    case exampleNegativeMatched(file: String, rule: String, index: Int)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read rule file: \(reason)"
        case .syntax(let file, let line, let message):
            "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
        case .missingField(let file, let rule, let field):
            "\(file): rule \(rule): missing required field '\(field)'"
        case .invalidField(let file, let rule, let field, let expected, let found):
            "\(file): rule \(rule): field '\(field)' must be \(expected), found \(found)"
        case .unsafePattern(let file, let rule, let reason):
            "\(file): rule \(rule): pattern is not linear-time safe: \(reason); rewrite it without that construct"
        case .compile(let file, let rule, let field, let offset, let message):
            "\(file): rule \(rule): \(field) does not compile at offset \(offset): \(message)"
        case .duplicateID(let file, let rule, let firstFile):
            "\(file): rule id \(rule) is already defined in \(firstFile); give it another id"
        case .examplePositiveMissed(let file, let rule, let index):
            "\(file): rule \(rule): examples.true_positives[\(index)] is not found by the rule"
        case .exampleNegativeMatched(let file, let rule, let index):
            "\(file): rule \(rule): examples.false_positives[\(index)] is reported by the rule"
        }
    }
}
