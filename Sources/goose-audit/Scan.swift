import ArgumentParser
import Foundation
import GooseAuditCore
import GooseAuditReports

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case sarif
    case junit
    case markdown
    case html

    func renderer(colour: Bool, failOn: Severity?) -> any ReportRenderer {
        switch self {
        case .text: TextRenderer(colour: colour)
        case .json: JSONRenderer()
        case .sarif: SARIFRenderer()
        case .junit: JUnitRenderer(failOn: failOn)
        case .markdown: MarkdownRenderer()
        case .html: HTMLRenderer()
        }
    }
}

enum ColourMode: String, ExpressibleByArgument, CaseIterable {
    case auto
    case always
    case never
}

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan goose installations and configuration repositories (the default command).",
        discussion: """
            With no PATH, audits this user's goose installation (as goose resolves it from HOME, XDG_*, \
            GOOSE_PATH_ROOT and GOOSE_ADDITIONAL_CONFIG_FILES) plus the current directory.
            """)

    @OptionGroup var inputs: ScanInputs

    @Option(
        name: .long,
        help: "Report format; repeat to write several (pairs with --output in order). Default: the --output file's extension, else text.")
    var format: [OutputFormat] = []

    @Option(
        name: [.short, .long],
        help:
            "Where to write a report ('-' is standard output; a device or FIFO is written in place). Files inside a scanned root are left out of the scan."
    )
    var output: [String] = []

    @Option(name: .long, help: "Exit 1 when a finding at or above this severity remains (default high); 'never' reports only.")
    var failOn: FailOnArgument?

    @Option(name: .long, help: "Exit 1 when a finding's risk score (0-100) is at or above N.")
    var failOnRisk: Int?

    @Flag(name: .long, help: .hidden)
    var allowOutputInScan = false

    @Option(name: .long, help: "Colour in text output.")
    var color: ColourMode = .auto

    @Flag(name: .long, help: "Record this run in the history database (also `record: true` in .goose-audit.yaml).")
    var record = false

    @Flag(name: [.short, .long], help: "Nothing on standard error but errors (no progress, notices or summary).")
    var quiet = false

    @Flag(name: [.short, .long], help: "List every notice on standard error instead of grouping them by kind.")
    var verbose = false

    @OptionGroup var state: StateOptions

    @OptionGroup var fleet: FleetStoreOptions

    func validate() throws {
        _ = try destinations()
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
        if let failOnRisk, !(0...100).contains(failOnRisk) { throw ValidationError("--fail-on-risk must be between 0 and 100") }
        try UnknownCommand.check(paths: inputs.paths, arguments: Array(CommandLine.arguments.dropFirst()))
    }

    /// Each report's format and destination, paired in command-line order (see `ReportDestinations`).
    func destinations() throws -> [ReportDestinations.Pair] {
        let tokens =
            ReportDestinations.tokens(arguments: Array(CommandLine.arguments.dropFirst()), formats: format, outputs: output)
            ?? format.map { .format($0) } + output.map { .output($0) }
        return try ReportDestinations(tokens: tokens).pairs
    }

    func run() throws {
        // History and the fleet store keep fingerprints: they need the lasting per-user key.
        var prepared = try inputs.prepare(createUserKey: record || fleet.names(.process), stateDirectory: state.stateDir)
        let env = prepared.context.environment
        let store = record || prepared.settings.configuration.record == true ? try state.history(env) : nil
        if let store { prepared.context.options.previousDrift = try Recorder.previousDrift(store) }
        let pairs = try destinations()
        // A report file inside a scanned root is left out of the walk, so it is never audited next time.
        for pair in pairs where pair.destination != "-" {
            prepared.context.options.excludedPaths.formUnion(
                OutputGuard.pathsInRoots(of: inputs.absolute(pair.destination, env), roots: prepared.context.options.roots))
        }
        let feedback = ScanFeedback(level: quiet ? .quiet : verbose ? .verbose : .normal)
        let configuration = prepared.settings.configuration
        if !quiet, let source = configuration.source, !configuration.disabledChecks.isEmpty || !configuration.enabledChecks.isEmpty {
            // A scanned repository can carry its own configuration: say what it switches off.
            printError("config: \(source) limits the checks (see goose-audit suppressions)")
        }
        let delay = env["GOOSE_AUDIT_PROGRESS_AFTER"].flatMap(Double.init) ?? 1
        let result = ScanProgress.around(
            enabled: !quiet && isatty(STDERR_FILENO) == 1, roots: prepared.context.options.roots.count, delay: delay
        ) {
            prepared.run()
        }
        if result.artifactsExamined == 0, let source = configuration.source, !configuration.excludes.isEmpty, !inputs.paths.isEmpty {
            // `exclude: ["**"]` in a scanned repository would turn the gate green by scanning nothing.
            printError("goose-audit: \(source): exclude leaves nothing to scan; refusing to report a clean result")
            throw Exit.incomplete
        }
        var report = Report(result: result, tool: ToolInfo(version: GooseAudit.version), host: HostIdentity.current())
        if let store {
            try Recorder.record(result, report: report, into: store)
            report.history = try store.runs().map {
                HistoryPoint(
                    run: Int($0.id ?? 0), time: $0.startedAt, hardeningIndex: $0.hardeningIndex,
                    findings: $0.countsBySeverity.values.reduce(0, +))
            }
        }

        let threshold: Severity? = failOn == nil ? prepared.settings.failOn : failOn?.threshold
        for pair in pairs {
            let renderer = pair.format.renderer(colour: pair.destination == "-" && useColour(env), failOn: threshold)
            let text = try renderer.render(report)
            if pair.destination == "-" {
                FileHandle.standardOutput.write(Data(text.utf8))  // every renderer escapes scanned text itself
            } else {
                do {
                    try ReportWriter.write(Data(text.utf8), to: inputs.absolute(pair.destination, env))
                } catch {
                    printError("goose-audit: cannot write \(pair.destination): \(error)")
                    throw Exit.incomplete
                }
            }
        }
        if !pairs.contains(where: { $0.destination == "-" && $0.format == .text }) { feedback.notices(report.notices) }
        // The fleet store never decides the exit code: an unreachable server means a spooled run and a notice.
        try FleetHook.deliver(fleet, state: state, result: result, report: report, env: env)
        if report.suppressedByBaseline > 0 && !quiet {
            printError("baseline: \(report.suppressedByBaseline) known finding\(report.suppressedByBaseline == 1 ? "" : "s") suppressed")
        }
        if !pairs.contains(where: { $0.destination == "-" }) { feedback.summary(report, written: pairs.map(\.destination)) }

        if result.notices.contains(where: { $0.kind == .rootMissing }) { throw Exit.incomplete }
        if let threshold, report.active.contains(where: { $0.severity >= threshold }) { throw Exit.findings }
        if let risk = failOnRisk ?? (threshold == nil ? nil : prepared.settings.failOnRisk),
            report.active.contains(where: { $0.riskScore >= risk })
        {
            throw Exit.findings
        }
    }

    func useColour(_ env: GooseEnvironment) -> Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            return isatty(STDOUT_FILENO) == 1 && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
        }
    }
}

/// Keeps reports out of the trees they describe.
enum OutputGuard {
    /// The spellings of `path` under each scanned root it lies in (as the walker names entries), so the
    /// walk leaves it out. Symlinked directories are resolved on both sides.
    static func pathsInRoots(of path: String, roots: [ScanRoot]) -> Set<String> {
        let directory = resolved((path as NSString).deletingLastPathComponent)
        let target = directory + "/" + (path as NSString).lastPathComponent
        var paths: Set<String> = [path]
        for root in roots where !root.isFile {
            let base = resolved(root.path)
            let prefix = base.hasSuffix("/") ? base : base + "/"
            if target.hasPrefix(prefix) {
                paths.insert((root.path.hasSuffix("/") ? root.path : root.path + "/") + target.dropFirst(prefix.count))
            }
        }
        return paths
    }

    static func resolved(_ path: String) -> String {
        ExposureAnalyzer.realPath(of: path) ?? path
    }
}

/// `--fail-on`: a severity, or `never` (also `none`) for report-only runs.
struct FailOnArgument: ExpressibleByArgument {
    /// nil: never fail on findings.
    var threshold: Severity?

    init?(argument: String) {
        if ["never", "none"].contains(argument.lowercased()) {
            threshold = nil
        } else if let severity = Severity(name: argument) {
            threshold = severity
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { Severity.allCases.map(\.name) + ["never"] }
}

/// A severity as a command-line value.
struct SeverityArgument: ExpressibleByArgument {
    var value: Severity

    init(_ value: Severity) { self.value = value }

    init?(argument: String) {
        guard let value = Severity(name: argument) else { return nil }
        self.value = value
    }

    var defaultValueDescription: String { value.name }
    static var allValueStrings: [String] { Severity.allCases.map(\.name) }
}
