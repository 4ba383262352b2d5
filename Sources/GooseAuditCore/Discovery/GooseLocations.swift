/// The operating system flavour whose goose layout applies.
public enum Platform: String, Sendable, Codable {
    case linux
    case macOS

    public static var current: Platform {
        #if os(macOS)
            .macOS
        #else
            .linux
        #endif
    }
}

/// The inputs goose resolves its directories from: environment variables, the platform and the
/// working directory. Tests build one by hand; the CLI takes the process's.
public struct GooseEnvironment: Sendable {
    public var variables: [String: String]
    public var platform: Platform
    public var currentDirectory: String

    public init(variables: [String: String], platform: Platform = .current, currentDirectory: String) {
        self.variables = variables
        self.platform = platform
        self.currentDirectory = currentDirectory
    }

    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }
}

/// Every place goose keeps configuration, data and state for one user, resolved as goose resolves it.
public struct GooseLocations: Sendable, Hashable {
    public var home: String?
    public var configDirectory: String?
    public var dataDirectory: String?
    public var stateDirectory: String?
    public var agentsDirectory: String?
    /// `/etc/goose/config.yaml`: merged first, lowest precedence.
    public var systemConfig: String
    /// `GOOSE_ADDITIONAL_CONFIG_FILES`, in merge order.
    public var additionalConfigs: [String]
    /// The desktop app's user-data folder candidates.
    public var desktopDirectories: [String]
    /// Legacy and alternative locations to probe.
    public var legacyDirectories: [String]
    /// Shell startup files and user units in the home folder that may export goose settings or start goose
    /// (the environment layer); absent ones are skipped.
    public var startupFiles: [String] = []
    /// Set when `GOOSE_PATH_ROOT` was present but ignored, as goose ignores it (not absolute).
    public var ignoredPathRoot: String?
    /// XDG variables ignored because they were relative (the XDG strategy ignores them too).
    public var ignoredVariables: [String]
    /// Files whose version strings name the installed goose (CLI binaries where goose's installers
    /// put them, the desktop app's package metadata); probed only for an environment with a home.
    public var installationProbes: [String] = []

    /// The scan roots for this installation, each optional (absent locations are not an error).
    public func roots() -> [ScanRoot] {
        var roots: [ScanRoot] = []
        func add(_ path: String?, _ role: RootRole, file: Bool = false, label: String? = nil) {
            guard let path, !roots.contains(where: { $0.path == path }) else { return }
            roots.append(ScanRoot(label: label ?? "goose:\(role.rawValue)", path: path, role: role, isFile: file, optional: true))
        }
        add(configDirectory, .config)
        add(dataDirectory, .data)
        add(stateDirectory, .state)
        add(agentsDirectory, .agents)
        add(systemConfig, .systemConfig, file: true)
        for (index, path) in additionalConfigs.enumerated() {
            add(path, .additionalConfig, file: true, label: "goose:additional-config[\(index + 1)]")
        }
        for path in desktopDirectories { add(path, .desktop) }
        for (index, path) in legacyDirectories.enumerated() { add(path, .legacy, label: "goose:legacy[\(index + 1)]") }
        for path in startupFiles {
            let label = home.flatMap { path.hasPrefix($0 + "/") ? "~" + path.dropFirst($0.count) : nil } ?? path
            add(path, .path, file: true, label: label)
        }
        return roots.map { $0.followingLink() }
    }
}

/// Resolves goose's directories from an environment exactly as goose does (goose-surface §1.1–1.3).
public enum Discovery {
    public static let systemConfigPath = "/etc/goose/config.yaml"

    public static func locate(_ env: GooseEnvironment) -> GooseLocations {
        let home = env["HOME"].map(trimSlash)
        var ignored: [String] = []
        func xdg(_ name: String, default fallback: String) -> String? {
            if let value = env[name] {
                if value.hasPrefix("/") { return trimSlash(value) }
                ignored.append(name)
            }
            return home.map { $0 + fallback }
        }
        var locations = GooseLocations(
            home: home, configDirectory: nil, dataDirectory: nil, stateDirectory: nil, agentsDirectory: nil,
            systemConfig: systemConfigPath, additionalConfigs: [], desktopDirectories: [], legacyDirectories: [],
            ignoredPathRoot: nil, ignoredVariables: [])

        let configHome = xdg("XDG_CONFIG_HOME", default: "/.config")
        let rawRoot = env["GOOSE_PATH_ROOT"]
        if let root = rawRoot, root.hasPrefix("/") {
            let base = trimSlash(root)
            locations.configDirectory = base + "/config"
            locations.dataDirectory = base + "/data"
            locations.stateDirectory = base + "/state"
            locations.agentsDirectory = base + "/.agents"
        } else {
            locations.ignoredPathRoot = rawRoot
            locations.configDirectory = configHome.map { $0 + "/goose" }
            locations.dataDirectory = xdg("XDG_DATA_HOME", default: "/.local/share").map { $0 + "/goose" }
            locations.stateDirectory = xdg("XDG_STATE_HOME", default: "/.local/state").map { $0 + "/goose" }
            locations.agentsDirectory = home.map { $0 + "/.agents" }
        }
        locations.ignoredVariables = ignored
        if let home {
            let names = [".bashrc", ".bash_profile", ".bash_login", ".profile", ".zshrc", ".zshenv", ".zprofile", ".envrc"]
            locations.startupFiles =
                names.map { home + "/" + $0 }
                + [(configHome ?? home + "/.config") + "/fish/config.fish"]
                + [(configHome ?? home + "/.config") + "/systemd/user/goose.service"]
            locations.installationProbes = installationProbes(home: home)
        }

        if let list = env["GOOSE_ADDITIONAL_CONFIG_FILES"] {
            locations.additionalConfigs = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }

        switch env.platform {
        case .linux:
            if let configHome { locations.desktopDirectories = [configHome + "/Goose"] }
            if let home {
                // Very old builds kept sessions and logs under ~/.config/goose; probe it when it is not the config dir.
                let legacy = home + "/.config/goose"
                if locations.configDirectory != legacy { locations.legacyDirectories.append(legacy) }
            }
        case .macOS:
            if let home {
                let support = home + "/Library/Application Support"
                locations.desktopDirectories = [support + "/Goose"]
                locations.legacyDirectories = [support + "/Block/goose", support + "/goose"]
            }
        }
        return locations
    }

    /// `download_cli.sh` installs to `~/.local/bin` (GOOSE_BIN_DIR), packages to `/usr/bin` or
    /// `/usr/local/bin`; the desktop .deb/.rpm (electron-forge, prefix `/opt`) keeps its package.json
    /// in the app's resources.
    static func installationProbes(home: String) -> [String] {
        [home + "/.local/bin/goose", "/usr/local/bin/goose", "/usr/bin/goose"]
            + ["/usr/lib/goose", "/usr/lib/Goose", "/opt/Goose", "/opt/lib/Goose", "/usr/lib/goose-app"].flatMap {
                [$0 + "/resources/app.asar", $0 + "/resources/app/package.json"]
            }
    }

    private static func trimSlash(_ path: String) -> String {
        var value = path
        while value.count > 1, value.hasSuffix("/") { value.removeLast() }
        return value
    }
}
