import Foundation
import GooseAuditCore
import SecretEngine
import StructuredText

/// Where one credential was seen, without the credential.
struct Place {
    var line: Int?
    var column: Int?
    var keyPath: String?
    /// A clause for the message: `in a message of session 20260101_1`, `at byte offset 4096`.
    var detail: String?
    /// When the file says the data was written.
    var since: String?
}

/// The credentials found in one artifact, one entry per distinct value: the value itself is
/// turned into `Evidence.secret` at its first sighting and only its digest is kept after that,
/// so memory grows with the number of distinct credentials, not with the file. Key paths and
/// details that hold a credential themselves (a JSON key, a zip entry name) are dropped.
struct LeakCollector {
    struct Leak {
        var evidence: Evidence
        var rule: SecretRule
        /// By what the secret opens (`SecretReport.severity`), from its first match.
        var severity: Severity
        var first: Place
        var others: [Place] = []
        var count = 1
    }

    /// Other places listed per finding; further sightings are only counted.
    static let relatedLimit = 20

    let scanner: SecretScanner
    private(set) var leaks: [Leak] = []
    private var indexByDigest: [String: Int] = [:]
    /// Recent places, to drop the second sighting of a match repeated in a block overlap; bounded,
    /// since overlap repeats are never more than one overlap's worth of sightings apart.
    private var recentPlaces = RecentSet(capacity: 4096)

    var digests: Set<String> { Set(indexByDigest.keys) }

    init(scanner: SecretScanner) {
        self.scanner = scanner
    }

    /// Counts `match` when its value is already known and its list of places is full, so that the
    /// caller can skip working out the place (a key repeated on every line of a log); false otherwise.
    mutating func countIfSaturated(_ match: SecretMatch) -> Bool {
        guard let index = indexByDigest[Digest.sha256Hex(match.secret)], leaks[index].others.count >= Self.relatedLimit else {
            return false
        }
        leaks[index].count += 1
        return true
    }

    /// Records `match` at `place`; the same value at the same place (a block overlap) counts once.
    mutating func add(_ match: SecretMatch, at place: Place) {
        let rule = scanner.rules[match.ruleIndex]
        var place = place
        if let keyPath = place.keyPath, revealsSecret(keyPath, match) { place.keyPath = nil }
        if let detail = place.detail, revealsSecret(detail, match) { place.detail = nil }
        let digest = Digest.sha256Hex(match.secret)
        guard recentPlaces.insert("\(digest)|\(place.line ?? -1)|\(place.keyPath ?? "")|\(place.detail ?? "")") else { return }
        guard let index = indexByDigest[digest] else {
            indexByDigest[digest] = leaks.count
            leaks.append(
                Leak(
                    evidence: SecretReport.evidence(match.secret, rule: rule, label: rule.title), rule: rule, severity: match.severity,
                    first: place))
            return
        }
        leaks[index].count += 1
        if leaks[index].others.count < Self.relatedLimit { leaks[index].others.append(place) }
    }

    /// Whether `text` holds this or any other credential; key-path punctuation is read as line
    /// ends, so that a credential used as a JSON key is seen as a value of its own.
    private func revealsSecret(_ text: String, _ match: SecretMatch) -> Bool {
        let spaced = text.utf8.map { "[].\"/".utf8.contains($0) ? UInt8(ascii: "\n") : $0 }
        return text.contains(match.secret) || !scanner.scan(spaced).matches.isEmpty
    }

    /// One finding per credential, at its first place, listing the others.
    func findings(_ descriptor: CheckDescriptor, at artifact: Artifact, where container: String) -> [Finding] {
        leaks.map { leak in
            var message = "\(leak.rule.title) \(container)"
            if let detail = leak.first.detail { message += " " + detail }
            if let since = leak.first.since { message += ", since \(since)" }
            if leak.count > 1 { message += "; seen \(leak.count) times in this file" }
            let exposed = artifact.exposure?.isReadableByOthers == true
            if exposed { message += "; other users can read the file" }
            var finding = descriptor.finding(
                message, at: artifact, line: leak.first.line, column: leak.first.column, keyPath: leak.first.keyPath,
                evidence: leak.evidence, severity: leak.severity,
                confidence: leak.rule.confidence)
            finding.relatedLocations = leak.others.map { artifact.location(line: $0.line, column: $0.column, keyPath: $0.keyPath) }
            return finding
        }
    }
}

/// A set that forgets its oldest members beyond `capacity`.
struct RecentSet {
    let capacity: Int
    private var members: Set<String> = []
    private var order: [String] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Inserts `member`; false when it is already among the recent members.
    mutating func insert(_ member: String) -> Bool {
        guard members.insert(member).inserted else { return false }
        if order.count < capacity {
            order.append(member)
        } else {
            members.remove(order[head])
            order[head] = member
            head = (head + 1) % capacity
        }
        return true
    }
}

/// Maps a credential found in a JSON text (a JSONL line, a database column) to its key path.
enum JSONLocator {
    /// JSON texts larger than this are not parsed for a key path (the finding keeps its line).
    static let parseLimit = 1 << 20

    /// The parsed text, when it is JSON of a reasonable size.
    static func document(_ bytes: some Collection<UInt8>) -> StructuredDocument? {
        guard bytes.count <= parseLimit, let first = bytes.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else { return nil }
        return try? StructuredReader.json(String(decoding: bytes, as: UTF8.self)).get()
    }

    /// The key path of the first leaf holding `secret`, unless a key itself contains it.
    static func keyPath(of secret: String, in document: StructuredDocument?) -> String? {
        guard let leaf = document?.leaves.first(where: { $0.scalar.value.contains(secret) }) else { return nil }
        let text = leaf.keyPath.description
        return text.isEmpty || text.contains(secret) ? nil : text
    }

    /// `base` followed by the key path inside it: `messages[id=7].content_json[0].text`.
    static func join(_ base: String, _ inner: String?) -> String {
        guard let inner else { return base }
        return base + (inner.hasPrefix("[") ? "" : ".") + inner
    }

    /// The first of `keys` at the top of the document, as a date (`created`, `timestamp`).
    static func since(_ document: StructuredDocument?, keys: [String] = ["created", "created_at", "timestamp"]) -> String? {
        guard let root = document?.root, root.isMapping else { return nil }
        for key in keys {
            if let value = root[key]?.string, !value.isEmpty { return Timestamp.text(value) }
        }
        return nil
    }
}

/// goose writes Unix seconds (sessions, legacy JSONL) or ISO text (tracing logs).
enum Timestamp {
    static func text(_ value: String) -> String {
        guard let seconds = Int(value), seconds > 0 else { return value }
        let date = Date(timeIntervalSince1970: TimeInterval(seconds > 100_000_000_000 ? seconds / 1000 : seconds))
        return date.formatted(.iso8601)
    }
}
