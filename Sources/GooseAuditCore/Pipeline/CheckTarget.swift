import Synchronization

/// One artifact as a check sees it: its metadata and exposure, its content (read once, lazily,
/// shared by every check), a memo for parsed forms, and a place to report notices.
public final class CheckTarget: Sendable {
    public let artifact: Artifact
    public let context: ScanContext
    private let state = Mutex(State())

    private struct State {
        var content: Result<FileContent, ContentReader.Failure>?
        var memo: [String: any Sendable] = [:]
        var notices: [Notice] = []
        /// The `goose-audit:ignore` lines, kept from the first read when the content is released.
        var markers: SuppressionMarkers?
        /// How often the file was read in this scan (once at most).
        var reads = 0
        /// The notice the read raised, held back while only classification looked at the file.
        var pendingNotice: Notice?
    }

    public init(artifact: Artifact, context: ScanContext) {
        self.artifact = artifact
        self.context = context
    }

    private init(artifact: Artifact, context: ScanContext, state: State) {
        self.artifact = artifact
        self.context = context
        self.state.withLock { $0 = state }
    }

    /// The same artifact under another kind (after a look at its content), keeping what was read.
    public func reclassified(as kind: ArtifactKind) -> CheckTarget {
        var artifact = artifact
        artifact.kind = kind
        return CheckTarget(artifact: artifact, context: context, state: state.withLock { $0 })
    }

    /// A goose artifact inside this file (see `Embedding`): `text` stands in for the file's content, and
    /// `memo` entries preset parsed forms (the settings of an environment layer).
    public func embedded(kind: ArtifactKind, text: String, embedding: Embedding, memo: [String: any Sendable] = [:]) -> CheckTarget {
        var artifact = artifact
        artifact.kind = kind
        artifact.embedding = embedding
        var state = State()
        state.content = .success(FileContent(bytes: Array(text.utf8), truncated: false))
        state.memo = memo
        return CheckTarget(artifact: artifact, context: context, state: state)
    }

    /// The file's content, or nil (with a notice) when it cannot be read, is binary or is not a regular file.
    public var content: FileContent? {
        guard let content = rawContent else { return nil }
        return content.isBinary ? nil : content
    }

    /// The content including binary files (for checks that read databases or archives).
    public var rawContent: FileContent? { load(publishing: true) }

    /// The text of the file's first `maxBytes` bytes, for classification: taken from the file's single
    /// read, which stays cached for the checks. A problem met reading it becomes a notice only when a
    /// check reads the content too (a file no check reads raises none, as when classification only peeked).
    public func head(_ maxBytes: Int) -> Substring? { headContent(maxBytes).map { Substring($0.text) } }

    /// The same head as content: its bytes, and its text decoded only when asked for.
    func headContent(_ maxBytes: Int) -> FileContent? {
        guard let content = load(publishing: false), !content.isBinary else { return nil }
        guard content.bytes.count > maxBytes else { return content }
        return FileContent(bytes: Array(content.bytes.prefix(maxBytes)), truncated: true)
    }

    /// How often the file's content was read in this scan.
    public var reads: Int { state.withLock { $0.reads } }

    /// The suppression markers of the file, once its text was read (nil when it never was, or is binary).
    public var suppressionMarkers: SuppressionMarkers? { state.withLock { $0.markers } }

    /// The content, read on first use and cached until `release()`; its notice is recorded now or, when
    /// `publishing` is false, once a later caller publishes.
    private func load(publishing: Bool) -> FileContent? {
        guard artifact.metadata.type == .regular else { return nil }
        let result = state.withLock { st -> Result<FileContent, ContentReader.Failure> in
            if st.content == nil {
                let (loaded, notice, markers) = read()
                st.content = loaded
                st.markers = markers
                st.reads += 1
                st.pendingNotice = notice
            }
            if publishing, let notice = st.pendingNotice {
                st.notices.append(notice)
                st.pendingNotice = nil
            }
            return st.content!
        }
        if case .success(let content) = result { return content }
        return nil
    }

    /// Reads the file, with the notice the reading raises (too large, unreadable, changed), if any, and
    /// with the suppression markers of its text.
    private func read() -> (Result<FileContent, ContentReader.Failure>, Notice?, SuppressionMarkers?) {
        let loaded = ContentReader.read(artifact.path, expected: artifact.metadata, maxBytes: context.options.maxFileBytes)
        switch loaded {
        case .success(let content) where content.truncated:
            let message = "larger than \(context.options.maxFileBytes) bytes; only the first \(content.bytes.count) bytes were scanned"
            return (loaded, Notice(kind: .tooLarge, path: artifact.path, message: message), SuppressionMarkers(content))
        case .success(let content) where content.decoding != nil:
            let notice = Notice(kind: .other, path: artifact.path, message: content.decoding ?? "")
            return (loaded, notice, content.isBinary ? nil : SuppressionMarkers(content))
        case .success(let content):
            return (loaded, nil, content.isBinary ? nil : SuppressionMarkers(content))
        case .failure(.notice(let notice)):
            return (loaded, notice, nil)
        }
    }

    /// A value derived from this artifact, computed once and shared by all checks (a parsed document).
    public func memo<T: Sendable>(_ key: String, _ make: () -> T) -> T {
        // Look the entry up first: casting a missing entry to an optional `T` would succeed with nil.
        if let stored = state.withLock({ $0.memo[key] }), let value = stored as? T { return value }
        let value = make()
        state.withLock { $0.memo[key] = value }
        return value
    }

    /// Records an operational problem about this artifact.
    public func report(_ notice: Notice) {
        state.withLock { $0.notices.append(notice) }
    }

    /// Reports a notice once per key (parse errors seen by several checks).
    public func reportOnce(_ key: String, _ notice: Notice) {
        state.withLock { st in
            let marker = "notice:" + key
            guard st.memo[marker] == nil else { return }
            st.memo[marker] = true
            st.notices.append(notice)
        }
    }

    public var notices: [Notice] { state.withLock { $0.notices } }

    /// A value a scan-level check needs from this artifact after its content is released (the secret
    /// matches of a file): derived once, from the file's single read, and kept for the whole scan.
    public func keep<T: Sendable>(_ key: String, _ make: () -> T) -> T { memo("kept:" + key, make) }

    /// Drops the cached content and parsed forms once the per-artifact checks are done, so memory does
    /// not grow with the size of the tree. What scan-level checks need is kept (`keep(_:_:)`, the
    /// suppression markers, the content of artifacts a scan check declares it reads), so nothing reads
    /// the file again (`ReadOnceTests` counts every open).
    public func release() {
        // An embedded artifact's text exists only here: reading "again" would read the host file.
        guard artifact.embedding == nil else { return }
        state.withLock {
            $0.content = nil
            $0.memo = $0.memo.filter { $0.key.hasPrefix("notice:") || $0.key.hasPrefix("kept:") }
        }
    }
}
