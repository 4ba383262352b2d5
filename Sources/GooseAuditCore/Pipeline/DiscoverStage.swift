/// Stage 1, discover: walks every root once (never following a symlink) and leaves out excluded paths
/// (globs, the run's own report files, and with `--git-tracked` every file git ignores).
public struct DiscoverStage: Sendable {
    /// One walked entry and the root it was found under.
    public struct Entry: Sendable {
        public var root: ScanRoot
        /// The root's position in `ScanOptions.roots`.
        public var rootIndex: Int
        public var walked: WalkEntry
        public var rootLayout: Bool
    }

    public var options: ScanOptions

    public init(options: ScanOptions) {
        self.options = options
    }

    public func run() -> (entries: [Entry], notices: [Notice]) {
        let rootPaths = Set(options.roots.map(\.path))
        var entries: [Entry] = []
        var notices: [Notice] = []
        for (rootIndex, root) in options.roots.enumerated() {
            let walker = Walker(
                limits: options.walkLimits, skippedNames: Classifier.skippedDirectoryNames,
                skippedPaths: rootPaths.subtracting([root.path]).union(options.excludedPaths))
            let walked = walker.walk(root)
            notices += walked.notices
            for entry in walked.entries where !Glob.matchesAny(options.excludes, entry.relativePath) {
                // `--git-tracked`: only the files git tracks or would add (and the directories above them).
                if let only = options.onlyPaths, entry.metadata.type != .directory, !only.contains(entry.path) { continue }
                entries.append(Entry(root: root, rootIndex: rootIndex, walked: entry, rootLayout: walked.rootLayout))
            }
        }
        return (entries, notices)
    }
}
