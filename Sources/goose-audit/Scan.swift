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

    func renderer(colour: Bool) -> any ReportRenderer {
        switch self {
        case .text: TextRenderer(colour: colour)
        case .json: JSONRenderer()
        case .sarif: SARIFRenderer()
        case .junit: JUnitRenderer()
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

    @Option(name: .long, help: "Report format; repeat to write several (pairs with --output in order).")
    var format: [OutputFormat] = []

    @Option(name: [.short, .long], help: "Where to write each --format ('-' is standard output).")
    var output: [String] = []

    @Option(name: .long, help: "Exit 1 when a finding at or above this severity remains (default high).")
    var failOn: SeverityArgument?

    @Option(name: .long, help: "Exit 1 when a finding's risk score (0-100) is at or above N.")
    var failOnRisk: Int?

    @Flag(name: .long, help: "Allow writing a report inside a scanned root (it would be scanned next time).")
    var allowOutputInScan = false

    @Option(name: .long, help: "Colour in text output.")
    var color: ColourMode = .auto

    @Flag(name: .long, help: "Record this run in the history database (also `record: true` in .goose-audit.yaml).")
    var record = false

    @OptionGroup var state: StateOptions

    @OptionGroup var fleet: FleetStoreOptions

    func validate() throws {
        guard output.count <= max(format.count, 1) else {
            throw ValidationError("more --output than --format options; pair each --output with a --format")
        }
        let stdoutCount = pairs.filter { $0.1 == "-" }.count
        guard stdoutCount <= 1 else { throw ValidationError("only one format can go to standard output") }
        if let failOnRisk, !(0...100).contains(failOnRisk) { throw ValidationError("--fail-on-risk must be between 0 and 100") }
    }

    /// (format, destination) pairs; formats without an --output go to standard output.
    var pairs: [(OutputFormat, String)] {
        let formats = format.isEmpty ? [OutputFormat.text] : format
        return formats.enumerated().map { index, format in (format, index < output.count ? output[index] : "-") }
    }

    func run() throws {
        // History and the fleet store keep fingerprints: they need the lasting per-user key.
        var prepared = try inputs.prepare(createUserKey: record || fleet.names(.process), stateDirectory: state.stateDir)
        let env = prepared.context.environment
        let store = record || prepared.settings.configuration.record == true ? try state.history(env) : nil
        if let store { prepared.context.options.previousDrift = try Recorder.previousDrift(store) }
        if !allowOutputInScan {
            for (_, destination) in pairs where destination != "-" {
                if let root = OutputGuard.enclosingRoot(of: inputs.absolute(destination, env), roots: prepared.context.options.roots) {
                    printError("goose-audit: \(destination) is inside the scanned root \(root.label); the report would be scanned next time (use --allow-output-in-scan)")
                    throw Exit.usage
                }
            }
        }
        let configuration = prepared.settings.configuration
        if let source = configuration.source, !configuration.disabledChecks.isEmpty || !configuration.enabledChecks.isEmpty {
            // A scanned repository can carry its own configuration: say what it switches off.
            printError("config: \(source) limits the checks (see goose-audit suppressions)")
        }
        let result = prepared.run()
        if result.artifactsExamined == 0, let source = configuration.source, !configuration.excludes.isEmpty, !inputs.paths.isEmpty {
            // `exclude: ["**"]` in a scanned repository would turn the gate green by scanning nothing.
            printError("goose-audit: \(source): exclude leaves nothing to scan; refusing to report a clean result")
            throw Exit.incomplete
        }
        var report = Report(result: result, tool: ToolInfo(version: GooseAudit.version))
        if let store {
            try Recorder.record(result, report: report, into: store)
            report.history = try store.runs().map {
                HistoryPoint(run: Int($0.id ?? 0), time: $0.startedAt, hardeningIndex: $0.hardeningIndex,
                             findings: $0.countsBySeverity.values.reduce(0, +))
            }
        }

        for (format, destination) in pairs {
            let text = try format.renderer(colour: destination == "-" && useColour(env)).render(report)
            if destination == "-" {
                FileHandle.standardOutput.write(Data(text.utf8))  // every renderer escapes scanned text itself
            } else {
                do {
                    try SafeFileWriter.write(Data(text.utf8), to: inputs.absolute(destination, env))
                } catch {
                    printError("goose-audit: cannot write \(destination): \(error)")
                    throw Exit.incomplete
                }
            }
        }
        for notice in report.notices where pairs.allSatisfy({ $0.1 != "-" || $0.0 != .text }) {
            printError("notice: \(notice.kind.rawValue): \(notice.path): \(notice.message)")
        }
        // The fleet store never decides the exit code: an unreachable server means a spooled run and a notice.
        try FleetHook.deliver(fleet, state: state, result: result, report: report, env: env)
        if report.suppressedByBaseline > 0 {
            printError("baseline: \(report.suppressedByBaseline) known finding\(report.suppressedByBaseline == 1 ? "" : "s") suppressed")
        }

        if result.notices.contains(where: { $0.kind == .rootMissing }) { throw Exit.incomplete }
        let threshold = failOn?.value ?? prepared.settings.failOn
        if report.active.contains(where: { $0.severity >= threshold }) { throw Exit.findings }
        if let risk = failOnRisk ?? prepared.settings.failOnRisk, report.active.contains(where: { $0.riskScore >= risk }) {
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
    /// The scanned root `path` would land in, if any (symlinked directories resolved).
    static func enclosingRoot(of path: String, roots: [ScanRoot]) -> ScanRoot? {
        let directory = resolved((path as NSString).deletingLastPathComponent)
        let target = directory + "/" + (path as NSString).lastPathComponent
        return roots.first { root in
            let base = resolved(root.path)
            return root.isFile ? target == base : (target == base || target.hasPrefix(base.hasSuffix("/") ? base : base + "/"))
        }
    }

    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
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
