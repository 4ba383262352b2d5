/// Everything a check says about itself: the single source of its documentation, its examples
/// and its findings' defaults.
public struct CheckDescriptor: Sendable {
    /// Stable snake_case identifier that names the weakness; never reused.
    public var id: String
    public var title: String
    /// One sentence: what the check looks for.
    public var summary: String
    /// Why it matters for goose.
    public var rationale: String
    /// What to do about a finding.
    public var remediation: String
    public var severity: Severity
    public var category: Category
    public var kind: FindingKind
    /// The artifact kinds the check inspects; the pipeline shows it nothing else.
    public var artifactKinds: Set<ArtifactKind>
    /// CWE ids and documentation links.
    public var references: [String]
    /// Fixture trees that must and must not trigger the check.
    public var examples: [CheckExample]
    /// Whether hardening mode can fix a finding of this check.
    public var fixable: Bool

    public init(
        id: String, title: String, summary: String, rationale: String, remediation: String, severity: Severity,
        category: Category, kind: FindingKind, artifactKinds: Set<ArtifactKind>, references: [String] = [],
        examples: [CheckExample] = [], fixable: Bool = false
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.rationale = rationale
        self.remediation = remediation
        self.severity = severity
        self.category = category
        self.kind = kind
        self.artifactKinds = artifactKinds
        self.references = references
        self.examples = examples
        self.fixable = fixable
    }

    /// A finding of this check at `location`, with the check's defaults filled in.
    public func finding(
        _ message: String, at artifact: Artifact, line: Int? = nil, column: Int? = nil, keyPath: String? = nil,
        evidence: Evidence, severity: Severity? = nil, confidence: Confidence = .high, remediation: String? = nil
    ) -> Finding {
        var finding = Finding(
            ruleID: id, category: category, severity: severity ?? self.severity, confidence: confidence, kind: kind,
            title: title, message: message, location: artifact.location(line: line, column: column, keyPath: keyPath),
            fingerprintPath: artifact.fingerprintPath, evidence: evidence, remediation: remediation ?? self.remediation)
        // goose configuration inside another file is reported at its line in that file.
        artifact.embedding?.relocate(&finding)
        return finding
    }
}

/// A small fixture tree for a check's documentation and its shared example test.
public struct CheckExample: Sendable {
    public enum Expectation: String, Sendable {
        /// The check must raise exactly the findings listed in `expected`.
        case fail
        /// The check must raise nothing.
        case pass
    }

    public var name: String
    public var expectation: Expectation
    /// The role of the example's root: `.config` lays the files out as `<config>/…`.
    public var role: RootRole
    public var files: [ExampleFile]
    /// Environment variables the check sees (for checks that read the live environment).
    public var environment: [String: String]
    /// Where findings are expected: `path`, `path:line` or `path#key.path`.
    public var expected: [String]
    /// The drift snapshot of an earlier recorded run, for checks that compare with history.
    public var previousDrift: [String: String]?

    public init(
        _ name: String, _ expectation: Expectation, role: RootRole = .config, files: [ExampleFile],
        environment: [String: String] = [:], expected: [String] = [], previousDrift: [String: String]? = nil
    ) {
        self.previousDrift = previousDrift
        self.name = name
        self.expectation = expectation
        self.role = role
        self.files = files
        self.environment = environment
        self.expected = expected
    }
}

/// One file or directory of an example tree. Modes are applied after writing, so the umask
/// cannot interfere; ACL entries use `setfacl -m` syntax.
public struct ExampleFile: Sendable {
    public var path: String
    public var contents: String?
    public var mode: UInt32
    public var acl: [String]
    public var defaultACL: [String]
    public var symlinkTarget: String?
    /// A user name to `chown` the entry to; nil keeps the user running the example.
    public var owner: String?
    /// SQL that builds the entry as an SQLite database (session stores), instead of `contents`.
    public var sql: String? = nil

    /// A regular file.
    public static func file(
        _ path: String, _ contents: String = "", mode: UInt32 = 0o600, acl: [String] = [], owner: String? = nil
    ) -> ExampleFile {
        ExampleFile(path: path, contents: contents, mode: mode, acl: acl, defaultACL: [], symlinkTarget: nil, owner: owner)
    }

    /// A directory (the root itself is `""`). Its mode is applied after its ACL, so with an extended
    /// ACL the group bits of `mode` become the mask (`0o710` keeps a named `--x` entry effective).
    public static func directory(
        _ path: String, mode: UInt32 = 0o700, acl: [String] = [], defaultACL: [String] = [], owner: String? = nil
    ) -> ExampleFile {
        ExampleFile(path: path, contents: nil, mode: mode, acl: acl, defaultACL: defaultACL, symlinkTarget: nil, owner: owner)
    }

    /// An SQLite database built by running `sql` (for checks that read goose's session store).
    public static func database(_ path: String, sql: String, mode: UInt32 = 0o600) -> ExampleFile {
        ExampleFile(path: path, contents: nil, mode: mode, acl: [], defaultACL: [], symlinkTarget: nil, owner: nil, sql: sql)
    }

    /// A symlink.
    public static func symlink(_ path: String, to target: String) -> ExampleFile {
        ExampleFile(path: path, contents: nil, mode: 0o777, acl: [], defaultACL: [], symlinkTarget: target, owner: nil)
    }

    /// Whether the entry is a directory (neither file contents, a database nor a symlink target).
    public var isDirectory: Bool { contents == nil && sql == nil && symlinkTarget == nil }

    public var needsACL: Bool { !acl.isEmpty || !defaultACL.isEmpty }
    /// Whether laying the entry out needs root (`chown` to another user).
    public var needsRoot: Bool { owner != nil }
}

/// A pluggable check. Per-artifact checks implement `inspect(_:)`; checks that correlate several
/// files (effective configuration, secret reuse) implement `inspectScan(_:)`.
public protocol Check: Sendable {
    var descriptor: CheckDescriptor { get }
    /// The descriptors of every rule this check reports under; data-driven checks carry several.
    var ruleDescriptors: [CheckDescriptor] { get }
    /// Inspects one artifact of a kind in `descriptor.artifactKinds`.
    func inspect(_ target: CheckTarget) throws -> [Finding]
    /// Inspects the whole scan once, after every artifact was seen.
    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding]
    /// Whether the check had something to judge in this scan beyond its artifact kinds being present:
    /// drift checks need an earlier recorded run, a check of the server key needs a server key. A check
    /// without findings that is not applicable counts neither as a pass nor as a failure.
    func isApplicable(_ scan: ScanSnapshot) -> Bool
    /// Problems met while the check was built (an imported rule that could not be used), reported as
    /// notices of every scan that runs the check.
    var setupNotices: [Notice] { get }
}

extension Check {
    public var ruleDescriptors: [CheckDescriptor] { [descriptor] }
    public func inspect(_ target: CheckTarget) throws -> [Finding] { [] }
    public func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] { [] }
    public func isApplicable(_ scan: ScanSnapshot) -> Bool { true }
    public var setupNotices: [Notice] { [] }
}

/// A named group of checks, one per concern (filesystem, secrets, …).
public protocol CheckModule: Sendable {
    static var name: String { get }
    /// Builds the module's checks; data-driven modules load their rules here.
    static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check]
}

/// What a module may be configured with (extra rule files and the like).
public struct ModuleConfiguration: Sendable {
    /// Extra rule files given with `--rules` or in `.goose-audit.yaml`.
    public var extraRuleFiles: [String]

    public init(extraRuleFiles: [String] = []) {
        self.extraRuleFiles = extraRuleFiles
    }
}
