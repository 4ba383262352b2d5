/// The identity of one artifact within one scan, given once by the discover stage and carried by
/// every finding made in the artifact, so that no later stage looks the file up again by root label
/// and relative path.
public struct ArtifactID: Sendable, Hashable, Codable {
    /// The artifact's position in the scan (`ScanSnapshot.targets`).
    public var index: Int
    /// The position of the artifact's root in `ScanOptions.roots` and `ScanResult.roots`.
    public var rootIndex: Int
    /// The absolute path on disk.
    public var path: String

    public init(index: Int, rootIndex: Int, path: String) {
        self.index = index
        self.rootIndex = rootIndex
        self.path = path
    }
}
