import Synchronization

/// Stage 2, classify: gives a discovered entry its kind, its identity in the scan and its exposure
/// fact (for a file inside a tree, deferred until asked for), and refines ambiguous files by a look at the first 64 KiB of their content (taken from the
/// file's one read, which the inspect stage then shares with every check).
public final class ClassifyStage: Sendable {
    public let context: ScanContext
    /// Caches the permission state of directories shared by many files.
    let analyzer = ExposureAnalyzer()
    private let aclNotice = Mutex<Notice?>(nil)
    /// `CONTEXT_FILE_NAMES`: other names goose reads as hints.
    let hintNames: Set<String>

    public init(context: ScanContext) {
        self.context = context
        hintNames = Classifier.contextFileNames(context.environment["CONTEXT_FILE_NAMES"])
    }

    /// The target of the entry at `index` of the discovered entries.
    public func classify(_ entry: DiscoverStage.Entry, index: Int) -> CheckTarget {
        // A file given alone is judged by its whole path, as it would be inside its folder.
        var kind =
            entry.root.isFile && entry.root.role == .path && entry.walked.relativePath.isEmpty
            ? Classifier.classifyFileRoot(path: entry.walked.path, type: entry.walked.metadata.type)
            : Classifier.classify(
                relativePath: entry.walked.relativePath, role: entry.root.role, type: entry.walked.metadata.type,
                rootLayout: entry.rootLayout)
        if kind == .otherFile, !hintNames.isEmpty, hintNames.contains(String(entry.walked.path.split(separator: "/").last ?? "")) {
            kind = .hints
        }
        var artifact = Artifact(
            root: entry.root, path: entry.walked.path, relativePath: entry.walked.relativePath, kind: kind,
            metadata: entry.walked.metadata, symlinkTarget: entry.walked.symlinkTarget, index: index, rootIndex: entry.rootIndex)
        if artifact.metadata.type == .regular, !artifact.relativePath.isEmpty {
            // A file inside a tree: its exposure is computed when a check or a finding asks (most files never
            // get one); directories (whose states files share) and roots are judged now, and raise the notice
            // of a file system without ACL support.
            let path = artifact.path
            artifact.exposureSource = .deferred(DeferredExposure { [self] in exposure(of: path) })
        } else if artifact.metadata.type != .symlink {
            artifact.exposure = exposure(of: artifact.path)
        }
        let target = CheckTarget(artifact: artifact, context: context)
        // The look goes through the target: the file's one read, kept for the checks that follow.
        guard Classifier.needsContentLook(artifact.kind, name: artifact.name), artifact.metadata.type == .regular,
            let head = target.headContent(64 * 1024)
        else { return target }
        let refined = Classifier.refineByContent(artifact.kind, name: artifact.name, bytes: head.bytes) { Substring(head.text) }
        return refined == artifact.kind ? target : target.reclassified(as: refined)
    }

    /// The exposure of `path` as it is now (nil when it cannot be examined), noting the first file system
    /// met without ACL support.
    func exposure(of path: String) -> Exposure? {
        guard let state = analyzer.state(of: path) else { return nil }
        if analyzer.takeUnsupportedNotice(state) {
            aclNotice.withLock {
                $0 = Notice(kind: .aclUnsupported, path: path, message: "file system has no POSIX ACL support; mode bits only")
            }
        }
        return analyzer.exposure(of: path, state: state)
    }

    /// Problems of the stage as a whole: a file system without ACL support, and nothing of goose's found.
    public func notices(_ targets: [CheckTarget]) -> [Notice] {
        var notices = aclNotice.withLock { $0 }.map { [$0] } ?? []
        if !targets.contains(where: { $0.artifact.kind.isGooseArtifact }) {
            let labels = context.options.roots.map(\.label).joined(separator: ", ")
            notices.append(
                Notice(
                    kind: .nothingFound, path: "",
                    message:
                        "no goose installation and no goose file found in \(labels.isEmpty ? "the scanned roots" : labels); nothing was audited"
                ))
        }
        return notices
    }
}
