/// What a discovered file or directory is, for goose.
public enum ArtifactKind: String, Sendable, CaseIterable, Codable, Hashable {
    // Directories goose keeps state in.
    case configDirectory = "config-directory"
    case dataDirectory = "data-directory"
    case stateDirectory = "state-directory"
    case sessionsDirectory = "sessions-directory"
    case logsDirectory = "logs-directory"
    case agentsDirectory = "agents-directory"
    case desktopDirectory = "desktop-directory"
    case directory

    // Configuration and policy.
    case config
    case systemConfig = "system-config"
    case additionalConfig = "additional-config"
    case configBackup = "config-backup"
    case secretsFile = "secrets-file"
    case permissionPolicy = "permission-policy"
    case toolPermissionStore = "tool-permission-store"
    case customProvider = "custom-provider"
    case tokenCache = "token-cache"
    case oauthCache = "oauth-cache"
    case recipe
    case scheduledRecipe = "scheduled-recipe"
    case schedule
    case hints
    case ignoreFile = "ignore-file"
    case adversaryRules = "adversary-rules"
    case sandboxPolicy = "sandbox-policy"
    case pluginHooks = "plugin-hooks"
    case pluginManifest = "plugin-manifest"
    case pluginSettings = "plugin-settings"
    case desktopSettings = "desktop-settings"
    case skill
    case promptTemplate = "prompt-template"
    case toolFingerprint = "tool-fingerprint"
    case serviceDefinition = "service-definition"
    /// A plugin's MCP server list (`.mcp.json`): stdio servers goose starts with every tool.
    case pluginServers = "plugin-servers"
    /// `.goose-plugin-install.json`: where a plugin was cloned from and whether it updates itself.
    case pluginInstall = "plugin-install"
    /// `roaming_trust.json`: the peers allowed to drive this node's agent.
    case roamingTrust = "roaming-trust"
    /// `roaming_node_key`: the node's private identity key.
    case roamingKey = "roaming-key"
    /// A TLS private key goose serves with (`<config>/tls/*.key`).
    case tlsKey = "tls-key"
    /// Custom agents and review instructions (`.agents/agents/*.md`, `.agents/checks/*.md`, `REVIEW.md`).
    case agentInstructions = "agent-instructions"
    /// A goose CLI or server binary (`bin/goose`), read only for its version.
    case gooseBinary = "goose-binary"
    /// The desktop app's package metadata (`resources/app/package.json`), read only for its version.
    case desktopPackage = "desktop-package"

    // Conversations, logs and caches.
    case sessionDatabase = "session-database"
    case sessionDatabaseSidecar = "session-database-sidecar"
    case legacySession = "legacy-session"
    case requestLog = "request-log"
    case log
    case history
    case memory
    case diagnosticsBundle = "diagnostics-bundle"

    // Files that start goose or write its configuration: the environment layer and embedded configuration.
    /// `.bashrc`, `.zshrc`, `.profile`, `.envrc`, fish config, shell scripts that mention goose.
    case shellProfile = "shell-profile"
    /// `Dockerfile`, `Containerfile` that mention goose.
    case containerFile = "container-file"
    /// `docker-compose.yml`, `compose.yaml` that mention goose.
    case composeFile = "compose-file"
    /// A Kubernetes manifest (`apiVersion` and `kind`) that mentions goose.
    case kubernetesManifest = "kubernetes-manifest"
    /// `devcontainer.json` that mentions goose.
    case devcontainer
    /// A Nix module (home-manager, NixOS) that mentions goose.
    case nixModule = "nix-module"

    // Repository files.
    case envFile = "env-file"
    case ciWorkflow = "ci-workflow"
    case auditConfig = "audit-config"
    /// Any other text file under a scanned path (secret scanning still applies).
    case otherFile = "other-file"
    /// A symlink, recorded with its target and never followed.
    case symlink

    public var isDirectory: Bool {
        switch self {
        case .configDirectory, .dataDirectory, .stateDirectory, .sessionsDirectory, .logsDirectory,
            .agentsDirectory, .desktopDirectory, .directory:
            true
        default:
            false
        }
    }

    /// Files that hold credentials, conversations or logs: reading them is the harm.
    public var holdsSecrets: Bool {
        switch self {
        case .secretsFile, .tokenCache, .oauthCache, .desktopSettings, .envFile, .sessionDatabase,
            .sessionDatabaseSidecar, .legacySession, .requestLog, .log, .history, .memory,
            .toolPermissionStore, .diagnosticsBundle, .serviceDefinition, .roamingKey, .tlsKey:
            true
        default:
            false
        }
    }

    /// Files goose writes from what passes through it (conversations, tool output, logs): their text
    /// is not the user's, so a `goose-audit:ignore` comment inside them is not honoured (a tool
    /// output could otherwise silence the finding about the credential it leaked).
    public var isWrittenFromConversation: Bool {
        switch self {
        case .sessionDatabase, .sessionDatabaseSidecar, .legacySession, .requestLog, .log, .history, .toolPermissionStore,
            .diagnosticsBundle:
            true
        default:
            false
        }
    }

    /// Files that set goose's environment, start it or write its configuration; inspected for goose settings,
    /// goose command lines and embedded goose files.
    public var isGooseHost: Bool {
        switch self {
        case .shellProfile, .containerFile, .composeFile, .kubernetesManifest, .devcontainer, .nixModule, .serviceDefinition:
            true
        default:
            false
        }
    }

    /// Anything goose reads, writes or is configured by (not a plain file or folder of a scanned tree).
    public var isGooseArtifact: Bool {
        switch self {
        case .directory, .otherFile, .symlink, .auditConfig: false
        default: true
        }
    }

    /// Files that decide what goose runs or allows: writing them is the harm.
    public var isPolicy: Bool {
        switch self {
        case .config, .systemConfig, .additionalConfig, .configBackup, .permissionPolicy, .toolPermissionStore,
            .customProvider, .recipe, .scheduledRecipe, .schedule, .hints, .ignoreFile, .adversaryRules,
            .sandboxPolicy, .pluginHooks, .pluginManifest, .pluginSettings, .desktopSettings, .skill,
            .promptTemplate, .toolFingerprint, .serviceDefinition, .pluginServers, .pluginInstall, .roamingTrust,
            .agentInstructions:
            true
        default:
            false
        }
    }
}

/// What a scan root stands for: a goose location found by discovery, or a path the user gave.
public enum RootRole: String, Sendable, Codable, Hashable, CaseIterable {
    case config
    case data
    case state
    case agents
    case desktop
    case systemConfig = "system-config"
    case additionalConfig = "additional-config"
    case legacy
    case history
    /// A path given on the command line (a repository, a home folder, a `GOOSE_PATH_ROOT`-style tree).
    case path
}

/// A place a scan starts from.
public struct ScanRoot: Sendable, Hashable, Codable {
    /// The label reports show: the path as given, or `goose:config`-style names for discovered roots.
    public var label: String
    /// The absolute path on disk.
    public var path: String
    public var role: RootRole
    /// Whether `path` names a single file rather than a directory tree.
    public var isFile: Bool
    /// Whether a missing root should be silently skipped (discovered goose locations) or reported.
    public var optional: Bool
    /// Set when goose's own directory is a symlink that was followed: the link's path (`path` is its target).
    public var linkedFrom: String?

    public init(label: String, path: String, role: RootRole, isFile: Bool = false, optional: Bool = false) {
        self.label = label
        self.path = path
        self.role = role
        self.isFile = isFile
        self.optional = optional
    }

    /// The prefix that makes fingerprints machine-independent: discovered roots by role, given paths by nothing.
    public var fingerprintPrefix: String {
        switch role {
        case .path: ""
        default: "goose:\(role.rawValue)/"
        }
    }
}

/// A discovered file or directory with its kind and `lstat` metadata.
public struct Artifact: Sendable, Hashable {
    public var root: ScanRoot
    /// Absolute path on disk.
    public var path: String
    /// Path relative to the root, `/`-separated; empty for the root itself.
    public var relativePath: String
    public var kind: ArtifactKind
    public var metadata: FileMetadata
    /// For symlinks, where the link points (not followed).
    public var symlinkTarget: String?
    /// The exposure fact, computed once per artifact by the pipeline (for a file inside a tree, the first
    /// time something asks: see `ExposureSource`).
    public var exposure: Exposure? {
        get { exposureSource.value }
        set { exposureSource = .known(newValue) }
    }
    var exposureSource: ExposureSource
    /// Set when this artifact is goose configuration inside another file (`path` is that host file).
    public var embedding: Embedding?
    /// Where the artifact stands in its scan; set by the discover stage.
    public var index: Int
    /// Where the artifact's root stands in `ScanOptions.roots`; set by the discover stage.
    public var rootIndex: Int

    public init(
        root: ScanRoot, path: String, relativePath: String, kind: ArtifactKind, metadata: FileMetadata,
        symlinkTarget: String? = nil, exposure: Exposure? = nil, index: Int = 0, rootIndex: Int = 0
    ) {
        self.index = index
        self.rootIndex = rootIndex
        self.root = root
        self.path = path
        self.relativePath = relativePath
        self.kind = kind
        self.metadata = metadata
        self.symlinkTarget = symlinkTarget
        self.exposureSource = .known(exposure)
    }

    /// Whether the exposure is known yet: false while a deferred one was never asked for.
    var exposureResolved: Bool {
        guard case .deferred(let deferred) = exposureSource else { return true }
        return deferred.isResolved
    }

    /// The identity findings carry.
    public var id: ArtifactID { ArtifactID(index: index, rootIndex: rootIndex, path: path) }

    /// The file name: the last non-empty component of `path` (the whole path when it has none, as `/`). Asked
    /// many times per file by classification and the checks, so it looks back from the end instead of splitting.
    public var name: String {
        let bytes = path.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
        guard end > bytes.startIndex else { return path }
        let start = bytes[..<end].lastIndex(of: UInt8(ascii: "/")).map { bytes.index(after: $0) } ?? bytes.startIndex
        return String(path[start..<end])
    }

    /// A location for findings about the whole file.
    public func location(line: Int? = nil, column: Int? = nil, keyPath: String? = nil) -> Location {
        Location(root: root.label, path: displayPath, line: line, column: column, keyPath: keyPath)
    }

    /// The path reports show: relative to the root, or the file name for a single-file root.
    public var displayPath: String {
        FSPath.display(relativePath.isEmpty ? (root.isFile ? name : "") : relativePath)
    }

    /// The path fingerprints use: the root's role prefix plus the relative path.
    public var fingerprintPath: String {
        root.fingerprintPrefix + displayPath + (embedding.map { "#\($0.source.rawValue)-\($0.index)" } ?? "")
    }
}
