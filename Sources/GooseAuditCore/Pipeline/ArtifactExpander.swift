/// Turns one artifact into the goose artifacts it holds: configuration written by a here-document, a
/// ConfigMap entry, the goose settings a `.bashrc` exports. The pipeline inspects each as the artifact it
/// becomes (every check but the file-mode ones, which judge the host file itself) and reports findings at
/// their lines in the host file.
public protocol ArtifactExpander: Sendable {
    func expand(_ target: CheckTarget) -> [CheckTarget]
}

extension Scanner {
    /// Findings the host file's own text scan raised for a secret that an embedded artifact reports too
    /// (same file, line and value): the embedded one knows the goose position (an extension's `envs`), so
    /// it stays and the host's text match goes.
    static func dropEmbeddedDuplicates(_ host: [Finding], embedded: [Finding]) -> [Finding] {
        guard !embedded.isEmpty else { return host }
        return dropSecretTwins(host, embedded: embedded) + dropRuleTwins(embedded, host: host)
    }

    /// Keeps the first of findings that share rule, root, path, line and evidence.
    static func uniqueByPlace(_ findings: [Finding]) -> [Finding] {
        struct Place: Hashable {
            var rule: String
            var root: String
            var path: String
            var line: Int?
            var digest: String
        }
        var seen = Set<Place>()
        return findings.filter { finding in
            guard finding.location.line != nil else { return true }
            let place = Place(
                rule: finding.ruleID, root: finding.location.root, path: finding.location.path, line: finding.location.line,
                digest: finding.evidence.digest)
            return seen.insert(place).inserted
        }
    }

    /// An embedded finding of a rule the host file's own inspection raised at the same line (a unit's
    /// `Environment=` line read both as text and as an environment layer) is the same finding once.
    static func dropRuleTwins(_ embedded: [Finding], host: [Finding]) -> [Finding] {
        struct Place: Hashable {
            var rule: String
            var path: String
            var line: Int?
        }
        let hostPlaces = Set(host.map { Place(rule: $0.ruleID, path: $0.location.path, line: $0.location.line) })
        return embedded.filter { !hostPlaces.contains(Place(rule: $0.ruleID, path: $0.location.path, line: $0.location.line)) }
    }

    static func dropSecretTwins(_ host: [Finding], embedded: [Finding]) -> [Finding] {
        struct Place: Hashable {
            var path: String
            var line: Int?
            var digest: String
        }
        let covered = Set(
            embedded.filter { $0.category == .secrets }.map {
                Place(path: $0.location.path, line: $0.location.line, digest: $0.evidence.digest)
            })
        return host.filter { finding in
            finding.category != .secrets
                || !covered.contains(Place(path: finding.location.path, line: finding.location.line, digest: finding.evidence.digest))
        }
    }
}

/// Checkout mode: git carries neither modes (beyond the executable bit) nor owners nor ACLs, so on a file
/// git tracks in a repository that is not where goose lives, a file-mode finding describes the clone,
/// not the configuration. Those findings are left out unless `ScanOptions.checkoutModes` asks for them.
enum CheckoutMode {
    /// The findings to keep, and how many were left out.
    static func filter(
        _ findings: [Finding], targets: [CheckTarget], context: ScanContext
    ) -> (kept: [Finding], leftOut: Int) {
        guard !context.options.checkoutModes else { return (findings, 0) }
        // Only the artifacts of file-mode findings are asked about (none in a secrets scan).
        let judged = Set(findings.filter { $0.category == .filesystem }.compactMap { $0.artifact?.index })
        guard !judged.isEmpty else { return (findings, 0) }
        let live = liveGooseDirectories(context.locations)
        var trees: [String: GitWorkTree?] = [:]
        var tracked: Set<Int> = []
        for target in targets
        where judged.contains(target.artifact.index) && target.artifact.root.role == .path && target.artifact.embedding == nil {
            let artifact = target.artifact
            guard !live.contains(where: { artifact.path == $0 || artifact.path.hasPrefix($0 + "/") }) else { continue }
            let root = artifact.root.path
            if trees[root] == nil { trees[root] = .some(GitWorkTree.enclosing(artifact.root.isFile ? parent(root) : root)) }
            guard let tree = trees[root] ?? nil else { continue }
            // git makes the folders of the files it tracks: their modes describe the clone too.
            if artifact.metadata.type == .directory ? tree.holdsTracked(artifact.path) : tree.tracks(artifact.path) {
                tracked.insert(artifact.index)
            }
        }
        var leftOut = 0
        let kept = findings.filter { finding in
            guard finding.category == .filesystem, let id = finding.artifact, tracked.contains(id.index) else { return true }
            leftOut += 1
            return false
        }
        return (kept, leftOut)
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The folders goose reads on this machine: findings there describe the live installation.
    static func liveGooseDirectories(_ locations: GooseLocations) -> [String] {
        [locations.configDirectory, locations.dataDirectory, locations.stateDirectory, locations.agentsDirectory]
            .compactMap { $0 } + locations.desktopDirectories
    }
}
