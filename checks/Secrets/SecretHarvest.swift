import GooseAuditCore
import SecretEngine
import StructuredText

/// One credential value seen at one place. Holds the raw value only until the check turns it
/// into `Evidence.secret`; it never reaches a report.
struct Sighting: Sendable {
    enum Origin: Int, Comparable, Sendable {
        /// A catch-all rule (keyword-anchored assignment).
        case genericRule
        /// A literal at a place goose keeps credentials, matched by no rule.
        case position
        /// A rule for one credential format.
        case specificRule

        static func < (lhs: Origin, rhs: Origin) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    var artifact: Artifact
    var origin: Origin
    /// The rule that matched; nil for positional finds.
    var rule: SecretRule?
    var ruleID: String? { rule?.id }
    /// The credential kind for messages (`GitHub personal access token`, `credential`).
    var kind: String
    var severity: Severity
    var confidence: Confidence
    var line: Int
    var column: Int
    var keyPath: String?
    /// The line is a comment (`#` or `//`): inactive, but still on disk and in every copy.
    var commentedOut = false
    var value: String
    /// Set when the secret is a name (a key, a file name, a symlink target), not a value.
    var namePlace: NameSecrets.Place?
}

/// Collects sightings from one artifact: rule matches over the raw text (so commented-out lines
/// count too), mapped to key paths, plus literals at goose's credential positions.
struct SecretHarvest {
    let scanner: SecretScanner

    /// Files full of hashes and versions, never of credentials.
    static let lockFiles: Set<String> = [
        "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "Cargo.lock", "poetry.lock", "Pipfile.lock",
        "uv.lock", "Gemfile.lock", "composer.lock", "go.sum", "flake.lock", "Package.resolved", "bun.lockb", "pdm.lock",
    ]

    func sightings(in target: CheckTarget) -> [Sighting] {
        let artifact = target.artifact
        let structured = SecretPositions.structuredKinds.contains(artifact.kind) || artifact.kind == .secretsFile
        // The file's one read, shared with every check and let go after them.
        guard !Self.lockFiles.contains(artifact.name), let content = target.content else {
            return []
        }
        let outcome = scanner.scan(content.bytes)
        if outcome.limitHits > 0 {
            target.report(
                Notice(
                    kind: .limitReached, path: artifact.path,
                    message:
                        "secret patterns hit the PCRE2 match limit \(outcome.limitHits) times; parts of the file were not fully searched"))
        }
        let document = structured || !outcome.matches.isEmpty ? target.document() : nil
        let leaves = LeafIndex(document?.leaves ?? [])
        let positional: [Leaf] =
            document.map { document in
                artifact.kind == .secretsFile
                    ? leaves.all.filter { StoredCredential.isCredential($0) }
                    : SecretPositions.secretBearing(document, kind: artifact.kind)
            } ?? []
        // Only goose's own files have credential positions that outrank a generic match.
        let positionKeys = structured ? Set(positional.map { Self.key($0) }) : []
        var found: [Sighting] = outcome.matches.compactMap { match in
            let rule = scanner.rules[match.ruleIndex]
            let leaf = leaves.leaf(holding: match)
            var severity = match.severity
            if let leaf, positionKeys.contains(Self.key(leaf)) {
                // A goose credential position decides: a generic match there gives way to the
                // positional finding (high), a format rule's finding is at least high.
                if rule.generic, Self.positionalValue(leaf, kind: artifact.kind) != nil { return nil }
                severity = max(severity, .high)
            }
            return Sighting(
                artifact: artifact, origin: rule.generic ? .genericRule : .specificRule, rule: rule, kind: rule.title,
                severity: severity, confidence: rule.confidence, line: match.line, column: match.column,
                keyPath: leaf.flatMap { Self.keyPath($0, hiding: match.secret) },
                commentedOut: document != nil && leaf == nil && Self.isComment(content.bytes, lineOf: match.range.lowerBound),
                value: match.secret)
        }
        // Rule matches by line, so each positional leaf looks at its own line only (linear, not leaves × matches).
        let matchedByLine = Dictionary(grouping: found.map { ($0.line, $0.value) }, by: \.0)
        for leaf in positional {
            let position = leaf.scalar.position
            if matchedByLine[position.line]?.contains(where: { leaf.scalar.value.contains($0.1) }) == true { continue }
            guard let value = Self.positionalValue(leaf, kind: artifact.kind) else { continue }
            found.append(
                Sighting(
                    artifact: artifact, origin: .position, rule: nil, kind: "credential", severity: .high, confidence: .medium,
                    line: position.line, column: position.column, keyPath: Self.keyPath(leaf, hiding: value), value: value))
        }
        // Keys that are secrets themselves (an extension named with a token).
        if let document { found += NameSecrets.keySightings(document, artifact: artifact, scanner: scanner) }
        return found
    }

    /// The credential a leaf at a goose credential position holds, if its value is one.
    static func positionalValue(_ leaf: Leaf, kind: ArtifactKind) -> String? {
        let named = kind == .secretsFile || leaf.keyPath.keys.last.map(SecretPositions.isSecretName) ?? false
        return SecretPositions.credential(in: leaf.scalar.value, secretNamed: named)
    }

    static func key(_ leaf: Leaf) -> String { "\(leaf.scalar.position.line):\(leaf.scalar.position.column):\(leaf.keyPath)" }

    /// Whether the line holding `offset` starts (after indentation) with `#` or `//`; asked only of
    /// YAML, JSON and `.env` files, where `#` is not a Markdown heading.
    static func isComment(_ bytes: [UInt8], lineOf offset: Int) -> Bool {
        var start = offset
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        while start < offset, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        return bytes[start] == UInt8(ascii: "#") || bytes[start...].starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")])
    }

    /// The leaf's key path, unless a key itself contains the secret (key paths are shown in reports).
    static func keyPath(_ leaf: Leaf, hiding secret: String) -> String? {
        let text = leaf.keyPath.description
        return text.isEmpty || text.contains(secret) ? nil : text
    }
}

/// A document's leaves by line, computed once per file, to map raw-text matches to key paths.
struct LeafIndex {
    let all: [Leaf]
    private let byLine: [Int: [Leaf]]
    /// Leaves whose value spans several lines (block scalars), by every line after their first they
    /// may cover: computed once, so a lookup never walks every block scalar of the file.
    private let multiline: [Int: [Leaf]]

    init(_ leaves: [Leaf]) {
        all = leaves
        byLine = Dictionary(grouping: leaves, by: { $0.scalar.position.line })
        var multiline: [Int: [Leaf]] = [:]
        for leaf in leaves {
            let breaks = leaf.scalar.value.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            guard breaks > 0 else { continue }
            let start = leaf.scalar.position.line
            for line in (start + 1)...(start + breaks + 1) { multiline[line, default: []].append(leaf) }
        }
        self.multiline = multiline
    }

    /// The leaf whose value holds the match: the innermost one starting on the match's line at or
    /// before its column, or a multi-line scalar that spans the line.
    func leaf(holding match: SecretMatch) -> Leaf? {
        let onLine = (byLine[match.line] ?? []).filter {
            $0.scalar.position.column <= match.column && $0.scalar.value.contains(match.secret)
        }
        if let leaf = onLine.last { return leaf }
        return multiline[match.line]?.last { $0.scalar.value.contains(match.secret) }
    }
}

/// Entries of goose's plaintext `secrets.yaml`: every value is a stored credential, except the
/// bookkeeping fields of OAuth token caches.
enum StoredCredential {
    static let bookkeeping: Set<String> = [
        "client_id", "token_type", "expires_at", "expires_in", "scope", "scopes", "created_at", "issued_at", "token_endpoint",
        "redirect_uri", "host", "issuer", "audience",
    ]

    static func isCredential(_ leaf: Leaf) -> Bool {
        guard let key = leaf.keyPath.keys.last else { return false }
        return !bookkeeping.contains(key.lowercased()) && !leaf.scalar.isNull
    }
}
