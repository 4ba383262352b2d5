import Foundation
import Synchronization

/// Names that are secrets: a token used as an extension name, a YAML or JSON key, a variable name, a file or
/// directory name or a symlink target. A scanned repository chooses its names, so they pass through the same
/// detection as values, and a name that is a secret is shown only in its redacted form (docs/secrets.md).
///
/// `secrets(in:)` is the one decision. The secrets module installs the rule engine's format rules and its value
/// heuristics (`use(_:)`) before a scan; without them (library use) a conservative shape test alone decides.
public enum SecretNames {
    /// One secret inside a name.
    public struct Match: Sendable, Hashable {
        /// The characters that are the secret (all of the name, or the token inside `ghp_….txt`).
        public var secret: String
        /// The format rule that matched; nil when the credential heuristics decided.
        public var ruleID: String?
        /// What it is, for messages (`GitHub personal access token`, `credential`).
        public var kind: String
        /// The format's published prefix (`ghp_`), the only characters a redacted form shows.
        public var publicPrefix: String?

        public init(secret: String, ruleID: String? = nil, kind: String = "credential", publicPrefix: String? = nil) {
            self.secret = secret
            self.ruleID = ruleID
            self.kind = kind
            self.publicPrefix = publicPrefix
        }
    }

    /// The rule engine's side of the decision, installed by the secrets module.
    public struct Detector: Sendable {
        /// The secrets the format rules (specific rules only, never the keyword-anchored generic ones) find in a token.
        public var formats: @Sendable (String) -> [Match]
        /// Whether the value heuristics take a token for a credential (not a placeholder, a reference, an
        /// allowlisted value, a path, a UUID…); the shape test must agree as well.
        public var isCredential: @Sendable (String) -> Bool

        public init(formats: @escaping @Sendable (String) -> [Match], isCredential: @escaping @Sendable (String) -> Bool) {
            self.formats = formats
            self.isCredential = isCredential
        }
    }

    /// Tokens shorter than this are never taken for secrets (`github`, `developer`, `OPENAI_API_KEY`).
    public static let shortest = 16
    /// Names the shape test alone may call a secret are at least this long.
    static let shortestRandom = 20

    private static let detector = Mutex<Detector?>(nil)
    private static let cache = Mutex<[String: [Match]]>([:])

    /// Installs the format rules and value heuristics (the secrets module, once per scan).
    public static func use(_ detector: Detector) {
        Self.detector.withLock { $0 = detector }
        cache.withLock { $0.removeAll() }
    }

    /// The secrets `text` holds, read as names: each run of name characters, then each of its parts between `.`,
    /// `:`, `@` and `=`, is asked of the format rules, then of the credential heuristics. Path separators, spaces,
    /// quotes and brackets end a run, so `text` may be a name, a path, a key path or a whole message.
    public static func secrets(in text: String) -> [Match] {
        // Most texts (paths, messages) have no run long enough: answered from the bytes, with no copy.
        guard text.utf8.count >= shortest, hasLongRun(text) else { return [] }
        var found: [Match] = []
        for run in runs(text) where run.utf8.count >= shortest {
            let run = String(run)
            if let known = cache.withLock({ $0[run] }) {
                found += known
                continue
            }
            let judged = secrets(inRun: run)
            cache.withLock { cache in
                if cache.count > 100_000 { cache.removeAll() }
                cache[run] = judged
            }
            found += judged
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0.secret).inserted }
    }

    /// Whether `name` is, or holds, a secret.
    public static func isSecret(_ name: String) -> Bool { !secrets(in: name).isEmpty }

    /// `text` with every secret it holds replaced by its redacted form; unchanged when it holds none. The same
    /// secret gives the same form everywhere (within a run and across runs with the same key), and a redacted
    /// text stays as it is when redacted again.
    public static func redact(_ text: String) -> String {
        let found = secrets(in: text)
        guard !found.isEmpty else { return text }
        var out = text
        for match in found.sorted(by: { $0.secret.count > $1.secret.count }) {
            out = out.replacingOccurrences(of: match.secret, with: redacted(match))
        }
        return out
    }

    /// `ghp_…(40 chars #1a2b3c4d5e6f)`: the public prefix (as `Evidence.secret` shows it), the length and the
    /// short keyed digest, which equals the `evidence_hash` of the finding about the same secret.
    public static func redacted(_ match: Match) -> String {
        let preview = Redaction.preview(match.secret, publicPrefix: match.publicPrefix)
        let digest = Digest.hmacHex(key: DigestKey.secrets, Data(match.secret.utf8)).prefix(12)
        return String(preview.dropLast()) + " #\(digest))"
    }

    /// A run's secrets: the format rules' matches in it, else the run itself when it has a credential's shape, else
    /// the same asked of each part between `.`, `:`, `@` and `=` (`extensions.<token>.envs`, `<token>.txt`).
    private static func secrets(inRun run: String) -> [Match] {
        let installed = detector.withLock { $0 }
        func judge(_ token: String) -> [Match] {
            if let formats = installed?.formats(token), !formats.isEmpty { return formats }
            return looksRandom(token) && installed?.isCredential(token) != false ? [Match(secret: token)] : []
        }
        let whole = judge(run)
        guard whole.isEmpty else { return whole }
        // A run is ASCII (`runs`), so it splits on bytes, without grapheme breaking.
        let parts = run.utf8.split(whereSeparator: { $0 == 0x2E || $0 == 0x3A || $0 == 0x40 || $0 == 0x3D })
            .map { String(run[$0.startIndex..<$0.endIndex]) }
        guard parts.count > 1 else { return [] }
        return parts.filter { $0.utf8.count >= shortest }.flatMap(judge)
    }

    /// Runs of characters a token is made of: printable ASCII but spaces, quotes, brackets, `,`, `;`, `|`, `/`.
    static func runs(_ text: String) -> [Substring] {
        // ASCII text (nearly all): split on bytes, where each character is one byte (`\r\n` ends a run either way).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [Substring] = []
            var start: String.Index?
            for index in text.utf8.indices {
                if isRunByte(text.utf8[index]) {
                    if start == nil { start = index }
                } else if let first = start {
                    out.append(text[first..<index])
                    start = nil
                }
            }
            if let first = start { out.append(text[first...]) }
            return out
        }
        return text.split { ch in
            guard let ascii = ch.asciiValue else { return true }
            return !isRunByte(ascii)
        }
    }

    /// Whether a byte may be part of a run: printable ASCII but space, quotes, brackets, `,`, `;`, `|`, `/`, `\`.
    @inline(__always)
    static func isRunByte(_ byte: UInt8) -> Bool { runBytes[Int(byte)] }

    private static let runBytes: [Bool] = (0..<256).map { byte in
        byte > 32 && byte < 127 && !Array("\"'`()[]{}<>,;|/\\".utf8).contains(UInt8(byte))
    }

    /// Whether `text` has a run of at least `shortest` run bytes. Every run of characters lies inside a run of
    /// bytes (a non-ASCII byte ends both), so without one `runs(text)` has no run worth asking about.
    static func hasLongRun(_ text: String) -> Bool {
        var length = 0
        for byte in text.utf8 {
            length = isRunByte(byte) ? length + 1 : 0
            if length >= shortest { return true }
        }
        return false
    }

    /// The shape of a random token (the credential heuristics for a name): long, upper- and lower-case letters and
    /// digits mixed (frequent changes of kind, not words in camel case), high entropy, not hex (digests, commit
    /// ids), not a UUID (goose's session and request-log names), not an environment variable name.
    static func looksRandom(_ token: String) -> Bool {
        let bytes = Array(token.utf8)
        guard bytes.count >= shortestRandom, bytes.count <= 512 else { return false }
        func kind(_ byte: UInt8) -> Int {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): 0
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"): 2
            case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "+"): 3
            default: -1
            }
        }
        let kinds = bytes.map(kind)
        guard !kinds.contains(-1) else { return false }
        let lower = kinds.filter { $0 == 0 }.count, upper = kinds.filter { $0 == 1 }.count, digits = kinds.filter { $0 == 2 }.count
        guard lower > 0, upper > 0, digits >= 2 else { return false }
        let letters = kinds.indices.filter { kinds[$0] != 3 }
        let changes = zip(letters, letters.dropFirst()).filter { kinds[$0] != kinds[$1] }.count
        guard Double(changes) >= 0.3 * Double(letters.count) else { return false }
        let distinct = Double(min(bytes.count, 62))
        return Entropy.shannon(bytes) >= max(3.5, 0.8 * log2(distinct))
    }
}

/// Shannon entropy of a byte string, in bits per byte.
public enum Entropy {
    @inlinable
    public static func shannon(_ bytes: some Collection<UInt8>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        // Counted on the stack: this is asked of every candidate secret.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            counts.initialize(repeating: 0)
            // Only the bytes between the lowest and the highest seen are summed (in byte order, as over all 256).
            var (low, high) = (255, 0)
            for byte in bytes {
                counts[Int(byte)] += 1
                low = min(low, Int(byte))
                high = max(high, Int(byte))
            }
            let total = Double(bytes.count)
            var entropy = 0.0
            // Most bytes of a value occur once or twice: a count's term is worked out once (the same value each time).
            var terms: (Double, Double, Double) = (.nan, .nan, .nan)
            for count in counts[low...high] where count > 0 {
                switch count {
                case 1:
                    if terms.0.isNaN { terms.0 = Self.term(count, total) }
                    entropy -= terms.0
                case 2:
                    if terms.1.isNaN { terms.1 = Self.term(count, total) }
                    entropy -= terms.1
                case 3:
                    if terms.2.isNaN { terms.2 = Self.term(count, total) }
                    entropy -= terms.2
                default: entropy -= Self.term(count, total)
                }
            }
            return entropy
        }
    }

    /// `p · log2 p` for a byte seen `count` times in `total`.
    @inlinable
    static func term(_ count: Int, _ total: Double) -> Double {
        let p = Double(count) / total
        return p * log2(p)
    }
}

// Render-time redaction: every output applies it once more to what it shows (a finding built by hand, a run read
// back from a spool or a database written by an older release).
extension Finding {
    /// This finding with every name that is a secret redacted: message, places, remediation, suppression reason
    /// and factual evidence (whose digest then describes the redacted text). The fingerprint stays.
    public var namesRedacted: Finding {
        var copy = self
        copy.message = SecretNames.redact(message)
        copy.location = location.namesRedacted
        copy.relatedLocations = relatedLocations.map(\.namesRedacted)
        copy.remediation = SecretNames.redact(remediation)
        copy.suppression?.reason = SecretNames.redact(suppression?.reason ?? "")
        if !evidence.isSecret, SecretNames.isSecret(evidence.text) { copy.evidence = .fact(evidence.text) }
        return copy
    }
}

extension Location {
    /// This location with every name that is a secret redacted (the initialiser does it; a decoded one may not).
    public var namesRedacted: Location { Location(root: root, path: path, line: line, column: column, keyPath: keyPath) }
}

extension Notice {
    /// This notice with every name that is a secret redacted.
    public var namesRedacted: Notice { Notice(kind: kind, path: path, message: message) }
}

extension ScanRoot {
    /// This root with a label and path that show no secret (reports print both).
    public var namesRedacted: ScanRoot {
        ScanRoot(label: SecretNames.redact(label), path: SecretNames.redact(path), role: role, isFile: isFile, optional: optional)
    }
}
