import ArgumentParser
import CheckCatalog
import Foundation
import GooseAuditCore

/// What to scan and how: the options `scan`, `baseline create`, `suppressions` and `config` share.
struct ScanInputs: ParsableArguments {
    @Argument(help: "Files or directories to scan: config repositories, home folders, GOOSE_PATH_ROOT trees.")
    var paths: [String] = []

    @Option(name: .long, help: "Configuration file (default: .goose-audit.yaml at the root of the first scanned path).")
    var config: String?

    @Option(name: .long, help: "Baseline of accepted findings (from 'goose-audit baseline create').")
    var baseline: String?

    @Option(name: .long, help: "Bytes read at most from one file (default \(ContentReader.defaultMaxBytes)).")
    var maxFileSize: Int?

    @Option(
        name: .long,
        help:
            "Data bytes read at most from one cache read whole: logs, request logs, session stores (default \(ScanOptions.defaultMaxCacheBytes))."
    )
    var maxCacheSize: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "File holding the key secret fingerprints are made with (default: $GOOSE_AUDIT_FINGERPRINT_KEY, else .goose-audit.key beside the configuration, else the per-user key).",
            valueName: "file"))
    var fingerprintKeyFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Extra secret rules: a goose-audit YAML rule file or a gitleaks .toml (repeatable).", valueName: "file"))
    var rules: [String] = []

    @Option(name: .long, help: "Glob of paths to leave out (relative to a root); repeatable, added to the configuration's.")
    var exclude: [String] = []

    @Flag(name: .long, help: "Ignore goose-audit:ignore comments (strict CI).")
    var noInlineSuppressions = false

    @Flag(
        name: .long,
        help: "Report file modes, owners and ACLs of files git tracks in a checkout (left out by default: git does not carry them).")
    var checkoutModes = false

    @Flag(name: .long, help: "Also audit this user's goose installation when paths are given.")
    var installation = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The user goose runs as, by name or uid; ownership checks compare goose's directories with it (default: the owner of the home).",
            valueName: "user"))
    var gooseUser: String?

    @Flag(name: .long, help: "Audit only the files git tracks or would add (honours .gitignore): for pre-commit hooks.")
    var gitTracked = false

    func validate() throws {
        if let maxFileSize, maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive") }
        if let maxCacheSize, maxCacheSize <= 0 { throw ValidationError("--max-cache-size must be positive") }
        if let gooseUser, GooseUser.uid(gooseUser) == nil {
            throw ValidationError("--goose-user: no user named '\(gooseUser)' (give a user name or a numeric uid)")
        }
    }

    var environment: GooseEnvironment {
        .process
    }

    /// The roots: the paths given, or this user's installation and the current directory (unless the
    /// current directory is the home folder or `/`: walking all of it is not auditing an installation).
    func roots(_ env: GooseEnvironment, locations: GooseLocations) -> [ScanRoot] {
        var roots: [ScanRoot] = []
        if paths.isEmpty || installation { roots += locations.roots() }
        let cwd = absolute(env.currentDirectory, env)
        if paths.isEmpty, cwd != "/", cwd != locations.home.map({ absolute($0, env) }) {
            roots.append(ScanRoot(label: ".", path: env.currentDirectory, role: .path))
        }
        for path in paths {
            let normalised = absolute(path, env)
            var isFile = false
            if case .success(let metadata) = FileMetadata.lstat(normalised) { isFile = metadata.type != .directory }
            roots.append(ScanRoot(label: path, path: normalised, role: .path, isFile: isFile))
        }
        return roots
    }

    func absolute(_ path: String, _ env: GooseEnvironment) -> String {
        Fingerprint.lexicallyAbsolute(path, from: env.currentDirectory)
    }

    /// The configuration file in force: `--config`, else the first scanned directory's `.goose-audit.yaml`.
    func configurationPath(_ env: GooseEnvironment) -> String? {
        if let config { return absolute(config, env) }
        let directories = paths.isEmpty ? [env.currentDirectory] : paths.map { absolute($0, env) }
        for directory in directories {
            let candidate = directory + "/" + AuditConfiguration.fileName
            if case .success(let metadata) = FileMetadata.lstat(candidate), metadata.type == .regular { return candidate }
        }
        return nil
    }

    /// Loads the configuration and the checks and resolves every setting (flags over file over defaults).
    /// Prints the reason and exits 2 when the configuration, the rules or the baseline cannot be used.
    func prepare(createUserKey: Bool = false, stateDirectory: String? = nil) throws -> PreparedScan {
        let env = environment
        let locations = Discovery.locate(env)
        do {
            let path = configurationPath(env)
            // Read once: parsed leniently for its rule files, then strictly against the ids of every check.
            let text = try path.map { try ConfigurationReader.text(path: $0) }
            let lenient = ConfigurationReader(knownChecks: nil)
            let draft = try path.map { try lenient.parse(text ?? "", path: $0) } ?? AuditConfiguration()
            let ruleFiles = draft.ruleFiles + rules.map { absolute($0, env) }
            let checks = try CheckCatalog.registry.makeChecks(ModuleConfiguration(extraRuleFiles: ruleFiles))
            let ids = Set(checks.flatMap(\.ruleDescriptors).map(\.id))
            let configuration = try path.map { try ConfigurationReader(knownChecks: ids).parse(text ?? "", path: $0) } ?? draft
            let settings = Settings(configuration: configuration, inputs: self, env: env)
            // `record: true` in the configuration persists fingerprints too: it needs the lasting key.
            let master = try FingerprintKeySource.master(
                env: env, keyFile: fingerprintKeyFile.map { absolute($0, env) },
                beside: path.map { ($0 as NSString).deletingLastPathComponent }, stateDirectory: stateDirectory.map { absolute($0, env) },
                createUserKey: createUserKey || configuration.record == true)
            DigestKey.use(DigestKey.derive(master.key, purpose: "fingerprint"), ephemeral: master.origin == .ephemeral)
            let baseline = try settings.baselinePath.map { try Baseline.load(path: $0) }
            var disabled = Set(configuration.disabledChecks)
            if !configuration.enabledChecks.isEmpty { disabled.formUnion(ids.subtracting(configuration.enabledChecks)) }
            var scanOptions = ScanOptions(
                roots: roots(env, locations: locations), maxFileBytes: settings.maxFileSize,
                inlineSuppressions: settings.inlineSuppressions, disabledChecks: disabled,
                excludes: configuration.excludes + exclude, baseline: baseline, severityOverrides: configuration.severityOverrides)
            scanOptions.checkoutModes = settings.checkoutModes
            scanOptions.gooseUser = settings.gooseUser
            scanOptions.maxCacheBytes = maxCacheSize ?? configuration.maxCacheSize ?? ScanOptions.defaultMaxCacheBytes
            if gitTracked { scanOptions.onlyPaths = try GitFiles.listed(roots: scanOptions.roots) }
            return PreparedScan(
                checks: checks, context: ScanContext(environment: env, locations: locations, options: scanOptions), settings: settings,
                keyOrigin: master.origin)
        } catch {
            printError("goose-audit: \(error)")
            throw Exit.incomplete
        }
    }
}

/// Every setting in force after flags, configuration file and defaults are combined.
struct Settings {
    var configuration: AuditConfiguration
    var failOn: Severity
    var failOnRisk: Int?
    var maxFileSize: Int
    var inlineSuppressions: Bool
    var checkoutModes: Bool
    var baselinePath: String?
    /// The uid goose runs as (`--goose-user`, `goose_user:`); nil: the owner of the home.
    var gooseUser: UInt32?

    init(configuration: AuditConfiguration, inputs: ScanInputs, env: GooseEnvironment) {
        self.configuration = configuration
        failOn = configuration.failOn ?? .high
        failOnRisk = configuration.failOnRisk
        maxFileSize = inputs.maxFileSize ?? configuration.maxFileSize ?? ContentReader.defaultMaxBytes
        inlineSuppressions = !inputs.noInlineSuppressions && (configuration.inlineSuppressions ?? true)
        checkoutModes = inputs.checkoutModes || (configuration.checkoutModes ?? false)
        baselinePath = inputs.baseline.map { inputs.absolute($0, env) } ?? configuration.baseline
        gooseUser = inputs.gooseUser.flatMap(GooseUser.uid) ?? configuration.gooseUser
    }

    /// The settings as YAML, for `goose-audit config --effective`.
    func yaml(excludes: [String]) -> String {
        func list(_ items: [String]) -> String { items.isEmpty ? "[]" : "[" + items.map(quote).joined(separator: ", ") + "]" }
        var out = "# effective goose-audit settings; source: \(shown(configuration.source ?? "built-in defaults (no .goose-audit.yaml)"))\n"
        out += "checks:\n  disable: \(list(configuration.disabledChecks))\n  enable: \(list(configuration.enabledChecks))\n"
        if configuration.severityOverrides.isEmpty {
            out += "severity_overrides: {}\n"
        } else {
            out += "severity_overrides:\n"
            for (id, severity) in configuration.severityOverrides.sorted(by: { $0.key < $1.key }) { out += "  \(id): \(severity.name)\n" }
        }
        out += "exclude: \(list(excludes))\nrules: \(list(configuration.ruleFiles))\n"
        out += "fail_on: \(failOn.name)\nfail_on_risk: \(failOnRisk.map(String.init) ?? "null")\n"
        out += "max_file_size: \(maxFileSize)\ninline_suppressions: \(inlineSuppressions)\n"
        out += "checkout_modes: \(checkoutModes)\n"
        out += "goose_user: \(gooseUser.map(String.init) ?? "null")\n"
        out += "baseline: \(baselinePath.map(quote) ?? "null")\nrecord: \(configuration.record ?? false)\n"
        return out
    }

    /// A YAML scalar: single-quoted, or double-quoted with escapes when it holds hidden characters (so the
    /// output stays valid YAML and shows them, like every human-readable output).
    private func quote(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: TerminalText.isHidden) else {
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "\"": out += "\\" + String(scalar)
            case _ where TerminalText.isHidden(scalar):
                let hex = String(scalar.value, radix: 16)
                let width = scalar.value < 0x100 ? 2 : scalar.value < 0x10000 ? 4 : 8
                out += (width == 2 ? "\\x" : width == 4 ? "\\u" : "\\U") + String(repeating: "0", count: width - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A scan ready to run.
struct PreparedScan {
    var checks: [any Check]
    var context: ScanContext
    var settings: Settings
    /// Where the fingerprint key came from (a baseline made with a per-user key matches on this machine only).
    var keyOrigin: FingerprintKeySource.Origin = .shared

    func run() -> ScanResult { Scanner(checks: checks, context: context, expanders: CheckCatalog.expanders).scan() }
}

extension GooseEnvironment {
    /// This process's environment and working directory, as goose would see them.
    static var process: GooseEnvironment {
        GooseEnvironment(variables: ProcessInfo.processInfo.environment, currentDirectory: FileManager.default.currentDirectoryPath)
    }
}
