import ArgumentParser
import CheckCatalog
import Foundation
import GooseAuditCore
import GooseAuditReports
import History

/// What to scan, shared by `scan`, `fix` and `checklist`.
struct ScanInputs: ParsableArguments {
    @Argument(help: "Files or directories to scan: config repositories, home folders, GOOSE_PATH_ROOT trees.")
    var paths: [String] = []

    @Flag(name: .long, help: "Also audit this user's goose installation when paths are given.")
    var installation = false

    @Option(name: .long, help: "Bytes read at most from one file.")
    var maxFileSize: Int = ContentReader.defaultMaxBytes

    @Flag(name: .long, help: "Ignore goose-audit:ignore comments (strict CI).")
    var noInlineSuppressions = false

    func validate() throws {
        guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be positive") }
    }

    /// The process environment, as goose sees it.
    var environment: GooseEnvironment {
        GooseEnvironment(variables: ProcessInfo.processInfo.environment, currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// The roots: this user's installation (with no paths, or with --installation) and each path given.
    func roots(_ env: GooseEnvironment, locations: GooseLocations) -> [ScanRoot] {
        var roots: [ScanRoot] = []
        if paths.isEmpty || installation { roots += locations.roots() }
        if paths.isEmpty { roots.append(ScanRoot(label: ".", path: env.currentDirectory, role: .path)) }
        for path in paths {
            let absolute = path.hasPrefix("/") ? path : env.currentDirectory + "/" + path
            let normalised = (absolute as NSString).standardizingPath
            var isFile = false
            if case .success(let metadata) = FileMetadata.lstat(normalised) { isFile = metadata.type != .directory }
            roots.append(ScanRoot(label: path, path: normalised, role: .path, isFile: isFile))
        }
        return roots
    }

    /// Loads the checks and runs the pipeline; `previousDrift` lets drift checks compare with history.
    func run(previousDrift: [String: String]? = nil) throws -> ScanResult {
        let env = environment
        let locations = Discovery.locate(env)
        let checks: [any Check]
        do {
            checks = try CheckCatalog.registry.makeChecks()
        } catch {
            printError("goose-audit: cannot load checks: \(error)")
            throw Exit.incomplete
        }
        var options = ScanOptions(roots: roots(env, locations: locations), maxFileBytes: maxFileSize, inlineSuppressions: !noInlineSuppressions)
        options.previousDrift = previousDrift
        return Scanner(checks: checks, context: ScanContext(environment: env, locations: locations, options: options)).run()
    }
}

/// Where goose-audit keeps its own state (history database, fix journals).
struct StateOptions: ParsableArguments {
    @Option(name: .long, help: "goose-audit's state directory (default: $XDG_STATE_HOME/goose-audit or ~/.local/state/goose-audit).")
    var stateDir: String?

    func directory(_ env: GooseEnvironment) throws -> String {
        guard let path = stateDir ?? StateDirectory.defaultPath(env) else {
            printError("goose-audit: no state directory: set HOME or XDG_STATE_HOME, or pass --state-dir")
            throw Exit.incomplete
        }
        do {
            try StateDirectory.ensure(path)
        } catch {
            printError("goose-audit: \(error)")
            throw Exit.incomplete
        }
        return path
    }

    func history(_ env: GooseEnvironment) throws -> HistoryStore {
        do {
            return try HistoryStore(path: try directory(env) + "/history.sqlite")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("goose-audit: \(error)")
            throw Exit.incomplete
        }
    }
}

/// Records a run in the history database (fingerprints, rule ids, paths, severities, counts, drift; never a secret).
enum Recorder {
    static func record(_ result: ScanResult, report: Report, checklist: Checklist, into store: HistoryStore) throws {
        let drift = result.facts.reduce(into: [String: String]()) { out, fact in
            if fact.key.hasPrefix("drift:") { out[String(fact.key.dropFirst(6))] = fact.value }
        }
        let counts = report.countsBySeverity
        try store.record(RunRecord(
            startedAt: Date(), toolVersion: GooseAudit.version, roots: result.roots.map(\.label),
            hardeningIndex: checklist.hardeningIndex, countsBySeverity: counts,
            findings: report.active.map(FindingRecord.init), drift: drift))
    }

    /// The drift snapshot of the latest recorded run, if history exists.
    static func previousDrift(_ store: HistoryStore) throws -> [String: String]? {
        try store.latest()?.drift
    }
}
