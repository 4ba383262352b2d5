import ArgumentParser
import CheckCatalog
import Foundation
import GooseAuditCore
import GooseAuditReports

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
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

    @Argument(help: "Files or directories to scan: config repositories, home folders, GOOSE_PATH_ROOT trees.")
    var paths: [String] = []

    @Option(name: .long, help: "Report format; repeat to write several (pairs with --output in order).")
    var format: [OutputFormat] = []

    @Option(name: [.short, .long], help: "Where to write each --format ('-' is standard output).")
    var output: [String] = []

    @Option(name: .long, help: "Exit 1 when a finding at or above this severity remains (info, low, medium, high, critical).")
    var failOn: SeverityArgument = SeverityArgument(.high)

    @Option(name: .long, help: "Bytes read at most from one file.")
    var maxFileSize: Int = ContentReader.defaultMaxBytes

    @Flag(name: .long, help: "Ignore goose-audit:ignore comments (strict CI).")
    var noInlineSuppressions = false

    @Option(name: .long, help: "Colour in text output.")
    var color: ColourMode = .auto

    @Flag(name: .long, help: "Also audit this user's goose installation when paths are given.")
    var installation = false

    @Option(name: .long, help: ArgumentHelp("Extra secret rules: a goose-audit YAML rule file or a gitleaks .toml (repeatable).", valueName: "file"))
    var rules: [String] = []

    func validate() throws {
        guard output.count <= max(format.count, 1) else {
            throw ValidationError("more --output than --format options; pair each --output with a --format")
        }
        guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be positive") }
        let stdoutCount = pairs.filter { $0.1 == "-" }.count
        guard stdoutCount <= 1 else { throw ValidationError("only one format can go to standard output") }
    }

    /// (format, destination) pairs; formats without an --output go to standard output.
    var pairs: [(OutputFormat, String)] {
        let formats = format.isEmpty ? [OutputFormat.text] : format
        return formats.enumerated().map { index, format in (format, index < output.count ? output[index] : "-") }
    }

    func run() throws {
        let env = GooseEnvironment(
            variables: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath)
        let locations = Discovery.locate(env)
        var roots: [ScanRoot] = []
        if paths.isEmpty || installation { roots += locations.roots() }
        if paths.isEmpty {
            roots.append(ScanRoot(label: ".", path: env.currentDirectory, role: .path))
        }
        for path in paths {
            let absolute = path.hasPrefix("/") ? path : env.currentDirectory + "/" + path
            let normalised = (absolute as NSString).standardizingPath
            var isFile = false
            if case .success(let metadata) = FileMetadata.lstat(normalised) { isFile = metadata.type != .directory }
            roots.append(ScanRoot(label: path, path: normalised, role: .path, isFile: isFile))
        }

        let checks: [any Check]
        do {
            checks = try CheckCatalog.registry.makeChecks(ModuleConfiguration(extraRuleFiles: rules))
        } catch {
            printError("goose-audit: cannot load checks: \(error)")
            throw Exit.incomplete
        }
        let options = ScanOptions(roots: roots, maxFileBytes: maxFileSize, inlineSuppressions: !noInlineSuppressions)
        let context = ScanContext(environment: env, locations: locations, options: options)
        let result = Scanner(checks: checks, context: context).run()
        let report = Report(result: result, tool: ToolInfo(version: GooseAudit.version))

        for (format, destination) in pairs {
            let text: String
            switch format {
            case .text:
                text = try TextRenderer(colour: destination == "-" && useColour(env)).render(report)
            case .json:
                text = try JSONRenderer().render(report)
            }
            if destination == "-" {
                FileHandle.standardOutput.write(Data(text.utf8))
            } else {
                do {
                    try SafeFileWriter.write(Data(text.utf8), to: destination)
                } catch {
                    printError("goose-audit: cannot write \(destination): \(error)")
                    throw Exit.incomplete
                }
            }
        }
        for notice in report.notices where pairs.allSatisfy({ $0.1 != "-" || $0.0 != .text }) {
            printError("notice: \(notice.kind.rawValue): \(notice.path): \(notice.message)")
        }

        if result.notices.contains(where: { $0.kind == .rootMissing }) { throw Exit.incomplete }
        if report.active.contains(where: { $0.severity >= failOn.value }) { throw Exit.findings }
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
