import ArgumentParser
import Foundation
import GooseAuditCore
import History

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List recorded runs with their hardening index and counts over time.",
        subcommands: [List.self, Diff.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recorded runs (the default).")
        @OptionGroup var state: StateOptions

        func run() throws {
            let env = GooseEnvironment.process
            let runs = try state.existingHistory(env)?.runs() ?? []
            guard !runs.isEmpty else {
                print("No recorded runs. Record one with `goose-audit scan --record` or `goose-audit checklist --record`.")
                return
            }
            let formatter = ISO8601DateFormatter()
            print("run  time                  index  trend                 critical high medium low info")
            for run in runs {
                let bar = String(repeating: "█", count: run.hardeningIndex / 5).padding(toLength: 20, withPad: "·", startingAt: 0)
                let counts = [Severity.critical, .high, .medium, .low, .info].map {
                    String(run.countsBySeverity[$0] ?? 0).padding(toLength: 5, withPad: " ", startingAt: 0)
                }
                let index = String(run.hardeningIndex).padding(toLength: 5, withPad: " ", startingAt: 0)
                print(
                    "\(String(run.id ?? 0).padding(toLength: 4, withPad: " ", startingAt: 0)) \(formatter.string(from: run.startedAt))  \(index)  \(bar)  \(counts.joined(separator: "  "))"
                )
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Findings new, resolved and unchanged between two runs (default: the last two).")
        @OptionGroup var state: StateOptions
        @Argument(help: "The older run id.") var older: Int64?
        @Argument(help: "The newer run id.") var newer: Int64?

        func run() throws {
            let env = GooseEnvironment.process
            let diff: HistoryDiff
            guard let store = try state.existingHistory(env) else {
                printError(
                    "goose-audit: history diff needs two recorded runs; there are none. Record some with `goose-audit scan --record`.")
                throw Exit.incomplete
            }
            do {
                diff = try store.diff(older, newer)
            } catch let error as HistoryError {
                printError("goose-audit: \(error)")
                throw Exit.incomplete
            }
            emit(
                "Run \(diff.older) → run \(diff.newer): \(diff.new.count) new, \(diff.resolved.count) resolved, \(diff.unchanged.count) unchanged"
            )
            for (title, items) in [("NEW", diff.new), ("RESOLVED", diff.resolved)] where !items.isEmpty {
                emit("\n\(title)")
                for item in items {
                    emit(
                        "  \(item.severity.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(shown(item.ruleID))  \(shown(item.root))/\(shown(item.path))"
                    )
                }
            }
        }
    }
}
