import Foundation
import GooseAuditCore

/// Findings about a directory (or a scanned root itself) need a file to point at in SARIF: code scanning
/// shows results on files only. The anchor is the nearest regular file: the first one (by name) in the
/// directory, else in its parents up to the root. No anchor means a root-level logical location.
public struct DirectoryAnchors: Sendable, Hashable {
    /// `root label`, `path` of a directory finding → the anchor's path relative to that root, or nil.
    public var anchors: [String: String?]

    public init(anchors: [String: String?] = [:]) {
        self.anchors = anchors
    }

    static func key(_ location: Location) -> String { location.root + "\u{1F}" + location.path }

    /// True when `location` names a directory.
    public func isDirectory(_ location: Location) -> Bool { anchors[Self.key(location)] != nil }

    /// The file a directory finding points at, if one was found.
    public func anchor(_ location: Location) -> String? { anchors[Self.key(location)] ?? nil }

    /// Looks at the findings' places on disk (right after the scan that produced them).
    public static func locate(findings: [Finding], roots: [ScanRoot]) -> DirectoryAnchors {
        var anchors: [String: String?] = [:]
        for finding in findings {
            let location = finding.location
            // The finding's artifact is the directory on disk and names its root: no lookup by root label and path.
            guard anchors[key(location)] == nil, location.line == nil, let id = finding.artifact, id.rootIndex < roots.count,
                !roots[id.rootIndex].isFile, id.path == roots[id.rootIndex].path || id.path.hasPrefix(roots[id.rootIndex].path + "/")
            else { continue }
            let root = roots[id.rootIndex]
            guard case .success(let metadata) = FileMetadata.lstat(id.path), metadata.type == .directory else { continue }
            var relative = id.path == root.path ? "" : String(id.path.dropFirst(root.path.count + 1))
            var found: String?
            while found == nil {
                let directory = relative.isEmpty ? root.path : root.path + "/" + relative
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
                if let name = names.first(where: { name in
                    if case .success(let child) = FileMetadata.lstat(directory + "/" + name) { return child.type == .regular }
                    return false
                }) {
                    found = relative.isEmpty ? name : relative + "/" + name
                } else if relative.isEmpty {
                    break
                } else {
                    relative = (relative as NSString).deletingLastPathComponent
                }
            }
            // A file or folder named with a secret is shown redacted, like every path of the report.
            anchors[key(location)] = .some(found.map(SecretNames.redact))
        }
        return DirectoryAnchors(anchors: anchors)
    }
}
