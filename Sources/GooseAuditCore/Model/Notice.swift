/// An operational problem met during a scan (a file that could not be read, a parse error).
/// Notices are not findings: they say what could not be audited, and the scan goes on.
public struct Notice: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case unreadable
        case vanished
        case changed
        case specialFile = "special-file"
        case symlink
        case tooLarge = "too-large"
        case binary
        case parseError = "parse-error"
        case limitReached = "limit-reached"
        case aclUnsupported = "acl-unsupported"
        case rootMissing = "root-missing"
        case checkFailed = "check-failed"
        /// A file that looks like a goose artifact but does not fit goose's schema (goose cannot read it either).
        case notUnderstood = "not-understood"
        /// The scan found no goose installation and no goose file: a clean result means nothing was audited.
        case nothingFound = "nothing-found"
        case other
    }

    public var kind: Kind
    /// The file concerned (absolute, or relative to the root when `root` is set).
    public var path: String
    public var message: String

    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = SecretNames.redact(FSPath.display(path))
        self.message = SecretNames.redact(message)
    }
}
