/// A small fixture tree for a check's documentation and its shared example test.
public struct CheckExample: Sendable {
    public enum Expectation: String, Sendable {
        /// The check must raise exactly the findings listed in `expected`.
        case fail
        /// The check must raise nothing.
        case pass
    }

    public var name: String
    public var expectation: Expectation
    /// The role of the example's root: `.config` lays the files out as `<config>/…`.
    public var role: RootRole
    public var files: [ExampleFile]
    /// Environment variables the check sees (for checks that read the live environment).
    public var environment: [String: String]
    /// Where findings are expected: `path`, `path:line` or `path#key.path`.
    public var expected: [String]
    /// The rule ids the findings must carry; nil means the id of the descriptor the example belongs to.
    public var ruleIDs: Set<String>?
    /// The drift snapshot of an earlier recorded run, for checks that compare with history.
    public var previousDrift: DriftFacts?

    public init(
        _ name: String, _ expectation: Expectation, role: RootRole = .config, files: [ExampleFile],
        environment: [String: String] = [:], expected: [String] = [], ruleIDs: Set<String>? = nil,
        previousDrift: DriftFacts? = nil
    ) {
        self.ruleIDs = ruleIDs
        self.previousDrift = previousDrift
        self.name = name
        self.expectation = expectation
        self.role = role
        self.files = files
        self.environment = environment
        self.expected = expected
    }
}

/// One file or directory of an example tree. Modes are applied after writing, so the umask
/// cannot interfere; ACL entries use `setfacl -m` syntax.
public struct ExampleFile: Sendable {
    public var path: String
    public var contents: String?
    public var mode: UInt32
    public var acl: [String]
    public var defaultACL: [String]
    public var symlinkTarget: String?
    /// A user name to `chown` the entry to; nil keeps the user running the example.
    public var owner: String?
    /// SQL that builds the entry as an SQLite database (session stores), instead of `contents`.
    public var sql: String? = nil

    /// A regular file.
    public static func file(
        _ path: String, _ contents: String = "", mode: UInt32 = 0o600, acl: [String] = [], owner: String? = nil
    ) -> ExampleFile {
        ExampleFile(path: path, contents: contents, mode: mode, acl: acl, defaultACL: [], symlinkTarget: nil, owner: owner)
    }

    /// A directory (the root itself is `""`). Its mode is applied after its ACL, so with an extended
    /// ACL the group bits of `mode` become the mask (`0o710` keeps a named `--x` entry effective).
    public static func directory(
        _ path: String, mode: UInt32 = 0o700, acl: [String] = [], defaultACL: [String] = [], owner: String? = nil
    ) -> ExampleFile {
        ExampleFile(path: path, contents: nil, mode: mode, acl: acl, defaultACL: defaultACL, symlinkTarget: nil, owner: owner)
    }

    /// An SQLite database built by running `sql` (for checks that read goose's session store).
    public static func database(_ path: String, sql: String, mode: UInt32 = 0o600) -> ExampleFile {
        ExampleFile(path: path, contents: nil, mode: mode, acl: [], defaultACL: [], symlinkTarget: nil, owner: nil, sql: sql)
    }

    /// A symlink.
    public static func symlink(_ path: String, to target: String) -> ExampleFile {
        ExampleFile(path: path, contents: nil, mode: 0o777, acl: [], defaultACL: [], symlinkTarget: target, owner: nil)
    }

    /// Whether the entry is a directory (neither file contents, a database nor a symlink target).
    public var isDirectory: Bool { contents == nil && sql == nil && symlinkTarget == nil }

    public var needsACL: Bool { !acl.isEmpty || !defaultACL.isEmpty }
    /// Whether laying the entry out needs root (`chown` to another user).
    public var needsRoot: Bool { owner != nil }
}
