import Foundation
import GooseAuditCore

/// What the fleet store says about many machines: the data behind `fleet hosts`, `fleet findings`,
/// `fleet drift` and `fleet report`. Built by the FleetStore target from PostgreSQL; rendered here.
public struct FleetDashboard: Sendable, Codable, Hashable {
    public var generatedAt: Date
    /// A host whose last run is older than this many days is stale.
    public var staleAfterDays: Int
    /// Worst first: lowest hardening index, then highest risk.
    public var hosts: [FleetHostSummary]
    /// Most widespread first.
    public var rules: [FleetRuleSummary]
    /// What changed across the fleet since `driftSince`.
    public var driftSince: Date
    public var drift: [FleetDriftEvent]
    /// Each host's runs over time, oldest first, keyed by host id.
    public var trends: [String: [FleetTrendPoint]]

    public init(
        generatedAt: Date, staleAfterDays: Int, hosts: [FleetHostSummary], rules: [FleetRuleSummary], driftSince: Date,
        drift: [FleetDriftEvent], trends: [String: [FleetTrendPoint]]
    ) {
        self.generatedAt = generatedAt
        self.staleAfterDays = staleAfterDays
        self.hosts = hosts
        self.rules = rules
        self.driftSince = driftSince
        self.drift = drift
        self.trends = trends
    }
}

/// One machine, as of its latest run.
public struct FleetHostSummary: Sendable, Codable, Hashable {
    public var hostID: String
    public var hostName: String
    public var operatingSystem: String
    public var user: String
    public var lastSeen: Date
    public var runs: Int
    public var hardeningIndex: Int
    public var maxRisk: Int
    /// Findings that count (not suppressed) in the latest run.
    public var openFindings: Int
    /// The rule of the riskiest open finding in the latest run, if any.
    public var topRule: String?
    public var gooseVersions: [String]
    public var stale: Bool

    public init(
        hostID: String, hostName: String, operatingSystem: String, user: String, lastSeen: Date, runs: Int, hardeningIndex: Int,
        maxRisk: Int, openFindings: Int, topRule: String?, gooseVersions: [String], stale: Bool
    ) {
        self.hostID = hostID
        self.hostName = hostName
        self.operatingSystem = operatingSystem
        self.user = user
        self.lastSeen = lastSeen
        self.runs = runs
        self.hardeningIndex = hardeningIndex
        self.maxRisk = maxRisk
        self.openFindings = openFindings
        self.topRule = topRule
        self.gooseVersions = gooseVersions
        self.stale = stale
    }
}

/// One rule across the fleet.
public struct FleetRuleSummary: Sendable, Codable, Hashable {
    public var ruleID: String
    public var severity: String
    /// Hosts where any run ever reported it.
    public var hosts: Int
    /// Hosts whose latest run still reports it (unsuppressed).
    public var openHosts: Int
    public var firstSeen: Date
    public var lastSeen: Date

    public var stillOpen: Bool { openHosts > 0 }

    public init(ruleID: String, severity: String, hosts: Int, openHosts: Int, firstSeen: Date, lastSeen: Date) {
        self.ruleID = ruleID
        self.severity = severity
        self.hosts = hosts
        self.openHosts = openHosts
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

/// One change on one host between its last run before the window and its latest run.
public struct FleetDriftEvent: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case extensionAdded = "extension-added"
        case extensionRemoved = "extension-removed"
        case extensionChanged = "extension-changed"
        case modeChanged = "mode-changed"
        case settingChanged = "setting-changed"
        case newSecret = "new-secret"
        case newFinding = "new-finding"
        case newHost = "new-host"
    }

    public var hostID: String
    public var hostName: String
    public var kind: Kind
    /// What changed: an extension name, a setting key, a rule id and place.
    public var subject: String
    public var detail: String
    public var seenAt: Date

    public init(hostID: String, hostName: String, kind: Kind, subject: String, detail: String, seenAt: Date) {
        self.hostID = hostID
        self.hostName = hostName
        self.kind = kind
        self.subject = subject
        self.detail = detail
        self.seenAt = seenAt
    }
}

/// One run of one host over time.
public struct FleetTrendPoint: Sendable, Codable, Hashable {
    public var time: Date
    public var hardeningIndex: Int
    public var findings: Int
    public var maxRisk: Int

    public init(time: Date, hardeningIndex: Int, findings: Int, maxRisk: Int) {
        self.time = time
        self.hardeningIndex = hardeningIndex
        self.findings = findings
        self.maxRisk = maxRisk
    }
}
