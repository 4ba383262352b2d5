import ArgumentParser
import Foundation
import GooseAuditCore
import GooseAuditReports

extension ChecklistRenderer.Format: ExpressibleByArgument {}

struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "The onboarding checklist: every applicable check as pass/fail, with a hardening index (0-100).")

    @OptionGroup var inputs: ScanInputs
    @OptionGroup var state: StateOptions

    @Option(name: .long, help: "Output format.")
    var format: ChecklistRenderer.Format = .text

    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Record this run in the history database.")
    var record = false

    func run() throws {
        let env = inputs.environment
        let store = record ? try state.history(env) : nil
        let (result, _) = try inputs.run(
            previousDrift: try store.flatMap { try Recorder.previousDrift($0) }, createUserKey: record, stateDirectory: state.stateDir)
        try MissingRoots.stop(result)
        let report = Report(result: result, tool: ToolInfo(version: GooseAudit.version))
        let checklist = Checklist(outcomes: result.outcomes, descriptors: result.descriptors)
        let text = try ChecklistRenderer(format: format).render(checklist, tool: report.tool)
        if let output {
            try SafeFileWriter.write(Data(text.utf8), to: output)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if let store { try Recorder.record(result, report: report, into: store) }
        if checklist.failed > 0 { throw Exit.findings }
    }
}
