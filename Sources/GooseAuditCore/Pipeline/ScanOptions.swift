/// Settings of one scan. Every setting has one default, shared by flag and configuration file.
public struct ScanOptions: Sendable {
    /// The roots to walk.
    public var roots: [ScanRoot]
    /// Bytes read at most from one file; the rest is skipped with a notice.
    public var maxFileBytes: Int
    /// Data bytes read at most from one cache streamed whole (logs, request logs, session stores);
    /// the rest is skipped with a notice.
    public var maxCacheBytes: Int = ScanOptions.defaultMaxCacheBytes
    /// 16 GiB: caches are streamed in bounded memory, so the cap only bounds time.
    public static let defaultMaxCacheBytes = 16 << 30
    public var walkLimits: WalkLimits
    /// Honour `goose-audit:ignore` comments (off for strict CI).
    public var inlineSuppressions: Bool
    /// Check ids not to run.
    public var disabledChecks: Set<String>
    /// Glob patterns (relative to a root) of paths to leave out.
    public var excludes: [String]
    /// The drift snapshot of the last recorded run, when history exists (drift checks compare with it).
    public var previousDrift: DriftFacts?
    /// Accepted findings, suppressed after inline comments.
    public var baseline: Baseline?
    /// Absolute paths the walk leaves out (the run's own report files inside a scanned root).
    public var excludedPaths: Set<String> = []
    /// When set, only these absolute file paths (and the directories above them) are audited: the files git
    /// tracks or would add (`--git-tracked`), so ignored files are left alone.
    public var onlyPaths: Set<String>?
    /// Severities that replace a check's own (from `.goose-audit.yaml`).
    public var severityOverrides: [String: Severity]
    /// Report file modes, owners and ACLs of files git tracks in a checkout that is not a goose location
    /// (off by default: git does not carry them, so they describe the clone, not the configuration).
    public var checkoutModes: Bool = false
    /// The uid goose runs as (`--goose-user`, `goose_user:`); nil: the owner of the home each goose
    /// location belongs to. Ownership checks compare goose's directories and files with it.
    public var gooseUser: UInt32? = nil

    public init(
        roots: [ScanRoot], maxFileBytes: Int = ContentReader.defaultMaxBytes, walkLimits: WalkLimits = WalkLimits(),
        inlineSuppressions: Bool = true, disabledChecks: Set<String> = [], excludes: [String] = [],
        baseline: Baseline? = nil, severityOverrides: [String: Severity] = [:]
    ) {
        self.roots = roots
        self.maxFileBytes = maxFileBytes
        self.walkLimits = walkLimits
        self.inlineSuppressions = inlineSuppressions
        self.disabledChecks = disabledChecks
        self.excludes = excludes
        self.baseline = baseline
        self.severityOverrides = severityOverrides
    }
}
