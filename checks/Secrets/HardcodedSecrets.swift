import Dispatch
import GooseAuditCore
import SecretEngine
import Synchronization

/// Credentials written in clear in goose configuration, recipes, `.env` files, hints, memory,
/// caches and any other text file of a scanned repository.
///
/// Works over the whole scan so that one credential value found in several places becomes one
/// finding that lists every place (`relatedLocations`): one credential, one rotation.
struct HardcodedSecrets: ArtifactCheck, ScanCheck {
    let scanner: SecretScanner
    let descriptor: CheckDescriptor
    let ruleDescriptors: [CheckDescriptor]
    let setupNotices: [Notice]
    private let byRule: [String: CheckDescriptor]

    init(scanner: SecretScanner, setupNotices: [Notice] = []) {
        self.scanner = scanner
        self.setupNotices = setupNotices
        let rules = scanner.rules.map(SecretDescriptors.rule)
        descriptor = SecretDescriptors.positional
        ruleDescriptors = [SecretDescriptors.positional, SecretDescriptors.stored] + rules
        byRule = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Harvests the file's credentials from its one read (shared with the other checks); the sightings
    /// are kept for the scan pass, which groups them across files. Memory holds matches, not files.
    func inspect(_ target: CheckTarget) throws -> [Finding] {
        _ = sightings(in: target)
        return []
    }

    private func sightings(in target: CheckTarget) -> [Sighting] {
        target.keep("secrets:sightings") { SecretHarvest(scanner: scanner).sightings(in: target) }
    }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let targets = scan.targets(of: descriptor.artifactKinds)
        // Harvested in the per-artifact pass (a target inspected outside the pipeline is harvested now).
        let collected = Mutex<[[Sighting]]>(Array(repeating: [], count: targets.count))
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            let found = sightings(in: targets[index])
            collected.withLock { $0[index] = found }
        }
        // Group by value, keeping first-seen order (targets come in path order). Rules disabled by
        // id are dropped here: the pipeline only knows this check by its main descriptor.
        let disabled = scan.context.options.disabledChecks
        var order: [String] = []
        var groups: [String: [Sighting]] = [:]
        // Names that are secrets (files, folders, symlink targets) come from every entry of the scan.
        let named = NameSecrets.pathSightings(scan.targets, scanner: scanner)
        for sighting in collected.withLock({ $0 }).joined() + named where !disabled.contains(descriptor(for: sighting).id) {
            // Only identical high-confidence values (a format rule's or a goose position's) are one
            // credential in several places; a generic match stands alone, at its own place.
            var digest = Digest.sha256Hex(sighting.value)
            if sighting.origin == .genericRule {
                digest += "|\(sighting.artifact.path)|\(sighting.line)|\(sighting.column)"
            }
            if groups[digest] == nil { order.append(digest) }
            groups[digest, default: []].append(sighting)
        }
        // Whether git tracks each secrets file, asked once per file (it reads the repository's index).
        let committed = Set(scan.targets(of: [.secretsFile]).map(\.artifact).filter(Self.isCommitted).map(\.path))
        return order.compactMap { finding(for: groups[$0] ?? [], committed: committed) }
    }

    /// One finding for one credential value, at its most severe place, listing the others.
    private func finding(for sightings: [Sighting], committed: Set<String>) -> Finding? {
        // One entry per place, found by key (a value repeated on 40,000 lines must not compare every pair).
        var places: [Sighting] = []
        var indexByPlace: [PlaceKey: Int] = [:]
        for sighting in sightings {
            let key = PlaceKey(sighting)
            if let index = indexByPlace[key] {
                if sighting.origin > places[index].origin { places[index] = sighting }
            } else {
                indexByPlace[key] = places.count
                places.append(sighting)
            }
        }
        let severity = { (sighting: Sighting) in self.severity(of: sighting, committed: committed) }
        guard let primary = places.max(by: { (severity($0), $0.origin) < (severity($1), $1.origin) }) else { return nil }
        let ruleDescriptor = descriptor(for: primary)
        var message = Self.message(primary, committed: committed.contains(primary.artifact.path))
        let others = places.filter { !Self.samePlace($0, primary) }
        if !others.isEmpty { message += "; the same value is also in \(others.count) other place\(others.count == 1 ? "" : "s")" }
        let kinds = Set(places.map(\.kind)).subtracting(["credential"])
        var finding = ruleDescriptor.finding(
            message, at: primary.artifact, line: primary.line > 0 ? primary.line : nil, column: primary.line > 0 ? primary.column : nil,
            keyPath: primary.keyPath,
            evidence: SecretReport.evidence(primary.value, rule: primary.rule, label: kinds.count == 1 ? kinds.first : nil),
            severity: places.map(severity).max(), confidence: primary.confidence)
        finding.relatedLocations = others.map {
            $0.artifact.location(line: $0.line > 0 ? $0.line : nil, column: $0.line > 0 ? $0.column : nil, keyPath: $0.keyPath)
        }
        return finding
    }

    private static func samePlace(_ a: Sighting, _ b: Sighting) -> Bool { PlaceKey(a) == PlaceKey(b) }

    /// What makes two sightings one place: the same file and line.
    private struct PlaceKey: Hashable {
        var root: String
        var path: String
        var line: Int

        init(_ sighting: Sighting) {
            root = sighting.artifact.root.path
            path = sighting.artifact.relativePath
            line = sighting.line
        }
    }

    private func descriptor(for sighting: Sighting) -> CheckDescriptor {
        if sighting.artifact.kind == .secretsFile { return SecretDescriptors.stored }
        return sighting.ruleID.flatMap { byRule[$0] } ?? SecretDescriptors.positional
    }

    /// The rule's severity; in `secrets.yaml` medium, and at least high when git tracks the file (everyone
    /// who can clone the repository has the secret). Who else can read the file is the ranking's business.
    private func severity(of sighting: Sighting, committed: Set<String>) -> Severity {
        guard sighting.artifact.kind == .secretsFile else { return sighting.severity }
        return committed.contains(sighting.artifact.path) ? max(sighting.severity, .high) : .medium
    }

    /// Whether git tracks `artifact` in a repository that was given as a path.
    static func isCommitted(_ artifact: Artifact) -> Bool {
        guard artifact.root.role == .path, let slash = artifact.path.lastIndex(of: "/") else { return false }
        return GitWorkTree.enclosing(String(artifact.path[..<slash]))?.tracks(artifact.path) ?? false
    }

    static func message(_ sighting: Sighting, committed isCommitted: Bool) -> String {
        let kind = sighting.kind
        if let name = sighting.namePlace { return "\(kind) used \(name.rawValue) (a name is committed and shown like any value)" }
        let place = sighting.keyPath.map { " at \($0)" } ?? (sighting.commentedOut ? " in a commented-out line (still on disk)" : "")
        switch sighting.artifact.kind {
        case .secretsFile:
            let committed = isCommitted ? ", committed to a git repository" : ""
            return "\(kind) stored in plaintext in secrets.yaml\(place)\(committed)"
        case .config, .systemConfig, .additionalConfig, .configBackup:
            return "\(kind) written in clear in goose configuration\(place)"
        case .recipe, .scheduledRecipe:
            return "\(kind) written in clear in a recipe\(place)"
        case .customProvider:
            return "\(kind) written in clear in a custom provider definition\(place)"
        default:
            return "\(kind) written in clear\(place)"
        }
    }
}
