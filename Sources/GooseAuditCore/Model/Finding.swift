/// One weakness found by one check at one place.
public struct Finding: Sendable, Hashable, Codable {
    /// The id of the check that raised it (`secrets_file_exposed`).
    public var ruleID: String
    public var category: Category
    public var severity: Severity
    public var confidence: Confidence
    public var kind: FindingKind
    /// The check's title.
    public var title: String
    /// What is wrong here: a lowercase fragment, no trailing period.
    public var message: String
    public var location: Location
    /// The scanned artifact the finding is in, when there is one: the pipeline, the fix planner and
    /// the SARIF renderer use it instead of looking the file up again by root label and path.
    public var artifact: ArtifactID?
    /// Further places the same problem stands in (the same secret reused elsewhere).
    public var relatedLocations: [Location]
    public var evidence: Evidence
    public var remediation: String
    /// Who besides the owner can reach the file the finding is in; set by the pipeline.
    public var exposure: Exposure?
    /// 0–100, set by the report generator's ranking.
    public var riskScore: Int
    /// Set when a suppression (inline comment, baseline or configuration) matched.
    public var suppression: Suppression?
    /// Stable identity across runs and machines; see `Fingerprint`.
    public var fingerprint: String

    public init(
        ruleID: String,
        category: Category,
        severity: Severity,
        confidence: Confidence = .high,
        kind: FindingKind,
        title: String,
        message: String,
        location: Location,
        fingerprintPath: String,
        relatedLocations: [Location] = [],
        evidence: Evidence,
        remediation: String
    ) {
        self.ruleID = ruleID
        self.category = category
        self.severity = severity
        self.confidence = confidence
        self.kind = kind
        self.title = title
        self.message = SecretNames.redact(message)
        self.location = location
        self.artifact = nil
        self.relatedLocations = relatedLocations
        self.evidence = evidence
        self.remediation = remediation
        self.exposure = nil
        self.riskScore = 0
        self.suppression = nil
        self.fingerprint = Fingerprint.make(
            ruleID: ruleID, path: SecretNames.redact(fingerprintPath), keyPath: location.keyPath, evidenceDigest: evidence.digest)
    }
}

/// Why a finding is not counted against the gate.
public struct Suppression: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Codable {
        /// A `goose-audit:ignore` comment in the scanned file.
        case inline
        /// A baseline file of accepted fingerprints.
        case baseline
        /// A rule in `.goose-audit.yaml`.
        case configuration
    }

    public var source: Source
    public var reason: String

    public init(source: Source, reason: String) {
        self.source = source
        self.reason = reason
    }
}

/// Stable finding identities: check id + normalised path + key path + evidence digest.
/// Line numbers never take part, so a finding that moves stays the same finding.
public enum Fingerprint {
    public static func make(ruleID: String, path: String, keyPath: String?, evidenceDigest: String) -> String {
        let material = [ruleID, normalise(path), keyPath ?? "", evidenceDigest].joined(separator: "\u{1F}")
        return Digest.sha256Hex(material)
    }

    /// `path` made absolute against `directory` and normalised lexically (`.`, `..`, duplicate slashes).
    /// Symlinks are never resolved: a path given by the user means the entry it names, not its target.
    public static func lexicallyAbsolute(_ path: String, from directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Collapses `./`, duplicate and trailing separators so that equivalent spellings match.
    public static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }
}
