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
        case other
    }

    public var kind: Kind
    /// The file concerned (absolute, or relative to the root when `root` is set).
    public var path: String
    public var message: String

    public init(kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = FSPath.display(path)
        self.message = message
    }
}
