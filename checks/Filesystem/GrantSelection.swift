import Foundation
import GooseAuditCore

/// The grants of one exposure that carry some rights, split into those other principals can use now
/// and those an ancestor directory's missing search bit holds back. Every check of the module words
/// its findings through this one type, so live and latent exposure read the same everywhere.
struct GrantSelection {
    /// Grants principals can use now.
    let live: [AccessGrant]
    /// Grants an ancestor directory holds back.
    let latent: [AccessGrant]
    /// The directory that holds the latent grants back.
    let blocker: String?

    /// The grants of `exposure` that include any of `rights` and pass `filter`.
    init(_ exposure: Exposure, rights: Permission, where filter: (AccessGrant) -> Bool = { _ in true }) {
        self.init(
            exposure.grants, reachable: exposure.reachableGrants, protectedBy: exposure.protectedBy, rights: rights,
            where: filter)
    }

    /// What a directory's default ACL will grant on new files, for the same `rights`.
    init(inherited inheritance: Exposure.Inheritance, rights: Permission) {
        self.init(
            inheritance.grants, reachable: inheritance.reachableGrants, protectedBy: inheritance.protectedBy,
            rights: rights, where: { _ in true })
    }

    private init(
        _ grants: [AccessGrant], reachable: [AccessGrant], protectedBy: String?, rights: Permission,
        where filter: (AccessGrant) -> Bool
    ) {
        let relevant = grants.filter { !$0.permission.intersection(rights).isEmpty && filter($0) }
        live = relevant.filter { reachable.contains($0) }
        latent = relevant.filter { !reachable.contains($0) }
        blocker = latent.isEmpty ? nil : protectedBy
    }

    var isEmpty: Bool { live.isEmpty && latent.isEmpty }

    /// The grants a finding is about: the live ones, or the latent ones when none is live.
    var shown: [AccessGrant] { live.isEmpty ? latent : live }

    /// `other (r--), user:alice (rw-)`.
    var who: String { Self.who(shown) }

    /// The sources of the shown grants (`mode 0644; acl user:alice:r--`), sorted and unique.
    var why: String { Self.why(shown) }

    /// `readable`, `writable` or `readable and writable`, from the shown grants.
    var verb: String {
        let reads = shown.contains { $0.permission.contains(.read) }
        let writes = shown.contains { $0.permission.contains(.write) }
        return reads && writes ? "readable and writable" : (writes ? "writable" : (reads ? "readable" : "searchable"))
    }

    static func who(_ grants: [AccessGrant]) -> String {
        grants.map { "\($0.principal) (\($0.permission))" }.joined(separator: ", ")
    }

    static func why(_ grants: [AccessGrant]) -> String {
        Array(Set(grants.map(\.source))).sorted().joined(separator: "; ")
    }
}

extension CheckDescriptor {
    /// The one finding about `access` on `artifact` (`session database is readable by other (r--)`),
    /// or nil when nothing is granted.
    func exposureFinding(
        _ subject: String, _ access: GrantSelection, at artifact: Artifact, severity: Severity? = nil
    ) -> Finding? {
        exposureFinding(access, at: artifact, severity: severity) { "\(subject) is \(access.verb) by \($0)" }
    }

    /// The one finding about `access` on `artifact`, worded by `statement` from the list of grants.
    /// Grants that only an ancestor directory holds back are reported at reduced severity, naming it.
    func exposureFinding(
        _ access: GrantSelection, at artifact: Artifact, severity: Severity? = nil, statement: (String) -> String
    ) -> Finding? {
        guard !access.isEmpty else { return nil }
        let base = severity ?? self.severity
        guard access.live.isEmpty, let blocker = access.blocker else {
            return finding(statement(access.who), at: artifact, evidence: .fact(access.why), severity: base)
        }
        // Name the directory as the report does, so the fingerprint does not depend on the machine.
        let shown = PathText.name(blocker, in: artifact.root)
        return finding(
            "\(statement(access.who)), but \(shown) keeps them out for now", at: artifact,
            evidence: .fact("\(access.why); protected by \(shown)"), severity: base.latent)
    }
}

extension Severity {
    /// The severity of a weakness that an ancestor directory neutralises for now: one step lower than the
    /// direct exposure, never below `low` (the weak mode is still there and one `chmod` on the directory away).
    var latent: Severity {
        Severity(rawValue: max(Severity.low.rawValue, rawValue - 1)) ?? .low
    }
}

extension ArtifactKind {
    /// The directories goose itself keeps state in (its roots and their well-known subdirectories).
    static let gooseDirectories: Set<ArtifactKind> = [
        .configDirectory, .dataDirectory, .stateDirectory, .sessionsDirectory, .logsDirectory, .agentsDirectory,
        .desktopDirectory,
    ]

    /// Every kind that is a goose file: credentials, conversations, logs or policy.
    static let gooseFiles: Set<ArtifactKind> = Set(allCases.filter { $0.holdsSecrets || $0.isPolicy })

    /// The kind in a finding's words: `config file`, `plugin hooks`, `sessions directory`.
    var phrase: String {
        switch self {
        case .config: "config file"
        case .configBackup: "config backup"
        case .hints: "hints file"
        case .otherFile: "file"
        default: rawValue.replacingOccurrences(of: "-", with: " ")
        }
    }
}
