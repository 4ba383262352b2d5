/// A pluggable check: what every check says about itself. A check inspects artifacts one by one
/// (`ArtifactCheck`), the whole scan once (`ScanCheck`), or both. `inspectionStages` comes only from
/// those two refinements, so a type that adopts `Check` alone, implementing neither inspection,
/// does not compile.
public protocol Check: Sendable {
    var descriptor: CheckDescriptor { get }
    /// The descriptors of every rule this check reports under; data-driven checks carry several.
    var ruleDescriptors: [CheckDescriptor] { get }
    /// Whether the check had something to judge in this scan beyond its artifact kinds being present:
    /// drift checks need an earlier recorded run, a check of the server key needs a server key. A check
    /// without findings that is not applicable counts neither as a pass nor as a failure.
    func isApplicable(_ scan: ScanSnapshot) -> Bool
    /// Problems met while the check was built (an imported rule that could not be used), reported as
    /// notices of every scan that runs the check.
    var setupNotices: [Notice] { get }
    /// The stages the pipeline runs the check in; supplied by `ArtifactCheck` and `ScanCheck`.
    var inspectionStages: InspectionStages { get }
}

/// The inspect stages a check takes part in.
public struct InspectionStages: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Once per artifact of the check's kinds (`ArtifactCheck.inspect(_:)`).
    public static let artifact = InspectionStages(rawValue: 1)
    /// Once per scan, after every artifact was seen (`ScanCheck.inspectScan(_:)`).
    public static let scan = InspectionStages(rawValue: 2)
}

/// A check that inspects one artifact at a time.
public protocol ArtifactCheck: Check {
    /// Inspects one artifact of a kind in `descriptor.artifactKinds`.
    func inspect(_ target: CheckTarget) throws -> [Finding]
}

/// A check that correlates files (effective configuration across layers, secret reuse).
public protocol ScanCheck: Check {
    /// Inspects the whole scan once, after every artifact was seen.
    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding]
    /// Whether `inspectScan` reads this artifact's content or parsed forms: the inspect stage then keeps
    /// them past the per-artifact pass instead of letting them go, so the file is never read twice. Meant
    /// for goose's few, small settings files; for bulk text, keep what the scan pass needs during the
    /// per-artifact pass instead (`CheckTarget.keep`). Default: none.
    func readsContent(of artifact: Artifact) -> Bool
}

extension Check {
    public var ruleDescriptors: [CheckDescriptor] { [descriptor] }
    public func isApplicable(_ scan: ScanSnapshot) -> Bool { true }
    public var setupNotices: [Notice] { [] }
}

extension ArtifactCheck {
    public var inspectionStages: InspectionStages { .artifact }
}

extension ScanCheck {
    public var inspectionStages: InspectionStages { .scan }
    public func readsContent(of artifact: Artifact) -> Bool { false }
}

extension ArtifactCheck where Self: ScanCheck {
    public var inspectionStages: InspectionStages { [.artifact, .scan] }
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
