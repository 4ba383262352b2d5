import Foundation

/// What goose-audit knows about goose releases, as data (`goose-versions.json`, compiled in):
/// the releases each version-scoped rule applies to, the controls goose removed, and advisories.
public struct GooseVersionTable: Sendable, Decodable {
    /// A rule that only means something on some goose releases.
    public struct RuleScope: Sendable, Decodable {
        public var from: GooseVersion?
        public var until: GooseVersion?
        public var source: String
        public var range: GooseVersionRange { GooseVersionRange(from: from, until: until) }
    }

    /// A protection goose used to have: settings and files that rely on it protect nothing from `removedIn` on.
    public struct RemovedControl: Sendable, Decodable {
        public var id: String
        public var name: String
        public var removedIn: GooseVersion
        /// Configuration keys or environment variables (prefixes) that configure the control.
        public var settingPrefixes: [String]
        /// Artifact kinds (raw values) that configure the control.
        public var files: [String]
        public var source: String
    }

    /// A published security problem of a goose release range.
    public struct Advisory: Sendable, Decodable {
        public var id: String
        public var summary: String
        public var from: GooseVersion?
        public var until: GooseVersion?
        public var severity: Severity
        public var url: String
        public var range: GooseVersionRange { GooseVersionRange(from: from, until: until) }
    }

    public var rules: [String: RuleScope]
    public var controls: [RemovedControl]
    public var advisories: [Advisory]

    /// The table shipped with goose-audit.
    public static let shipped: GooseVersionTable = {
        do {
            return try JSONDecoder().decode(GooseVersionTable.self, from: Data(PackageResources.goose_versions_json))
        } catch {
            preconditionFailure("the built-in goose-versions.json does not load: \(error)")
        }
    }()
}

/// One goose installation found on disk, with where its version was read.
public struct InstalledGoose: Sendable, Hashable {
    public enum Source: String, Sendable {
        case cli
        case desktop
    }

    public var version: GooseVersion
    public var path: String
    public var source: Source

    public init(version: GooseVersion, path: String, source: Source) {
        self.version = version
        self.path = path
        self.source = source
    }
}

extension ScanSnapshot {
    /// The goose installations of this scan: the places goose installs to on this host (from
    /// discovery) and goose binaries or desktop package files inside the scanned trees. Read once.
    public var installedGoose: [InstalledGoose] {
        shared.memo("core:installed-goose") {
            var found: [InstalledGoose] = []
            for probe in context.locations.installationProbes {
                if probe.hasSuffix(".asar") {
                    if let version = VersionDetector.asarVersion(at: probe) {
                        found.append(InstalledGoose(version: version, path: probe, source: .desktop))
                    }
                } else if probe.hasSuffix("package.json") {
                    if case .success(let content) = ContentReader.read(probe, expected: nil, maxBytes: 1 << 20),
                        let version = VersionDetector.packageVersion(content.bytes)
                    {
                        found.append(InstalledGoose(version: version, path: probe, source: .desktop))
                    }
                } else if let version = VersionDetector.binaryVersion(at: probe) {
                    found.append(InstalledGoose(version: version, path: probe, source: .cli))
                }
            }
            // A scanned file that is also an installation probe was read above.
            let probed = Set(context.locations.installationProbes)
            for target in targets(of: [.gooseBinary, .desktopPackage])
            where target.artifact.metadata.type == .regular && !probed.contains(target.artifact.path) {
                let artifact = target.artifact
                if artifact.kind == .gooseBinary, let version = VersionDetector.binaryVersion(at: artifact.path) {
                    found.append(InstalledGoose(version: version, path: artifact.path, source: .cli))
                } else if artifact.kind == .desktopPackage, artifact.name.hasSuffix(".asar") {
                    if let version = VersionDetector.asarVersion(at: artifact.path) {
                        found.append(InstalledGoose(version: version, path: artifact.path, source: .desktop))
                    }
                } else if artifact.kind == .desktopPackage, let bytes = target.content?.bytes,
                    let version = VersionDetector.packageVersion(bytes)
                {
                    found.append(InstalledGoose(version: version, path: artifact.path, source: .desktop))
                }
            }
            var seen = Set<String>()
            return found.filter { seen.insert($0.path).inserted }
        }
    }

    /// The distinct goose versions found, lowest first; empty when unknown.
    public var gooseVersions: [GooseVersion] { Array(Set(installedGoose.map(\.version))).sorted() }
}
