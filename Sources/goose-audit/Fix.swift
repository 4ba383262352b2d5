import ArgumentParser
import Foundation
import GooseAuditCore
import GooseAuditReports
import Hardening

struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Harden what can be fixed safely: shows the plan (dry run) unless --apply is given.",
        discussion: """
            Fixable findings get an exact change: tighten the mode to owner-only, remove extended ACL entries, \
            remove a directory's default ACL; as root, give a goose file or directory owned by another user back to \
            the owner of the home (chown). Contents are never changed and nothing is deleted. Changes go \
            through descriptors opened without following symlinks, are checked against the state the plan was \
            made from, verified after, and journaled; `fix --undo JOURNAL` restores the exact previous state.
            """)

    @OptionGroup var inputs: ScanInputs
    @OptionGroup var state: StateOptions

    @Flag(name: .long, help: "Carry out the plan (default: show it only).")
    var apply = false

    @Flag(name: .long, help: "Do not ask for confirmation on a terminal.")
    var yes = false

    @Option(name: .long, parsing: .upToNextOption, help: "Only fix findings of these check ids.")
    var only: [String] = []

    @Option(name: .long, help: "Restore the state recorded in this journal, then exit.")
    var undo: String?

    func run() throws {
        if let undo { return try restore(undo) }
        let (result, settings) = try inputs.run(stateDirectory: state.stateDir)
        try MissingRoots.stop(result)
        let report = Report(result: result, tool: ToolInfo(version: GooseAudit.version))
        // As root, ownership findings become a chown back to the user goose runs as (named, else the owner
        // of the home); otherwise manual steps.
        let homeOwner = settings.gooseUser ?? inputs.environment["HOME"].flatMap(FixPlanner.owner(of:))
        let plan = FixPlanner.plan(
            findings: report.findings, descriptors: report.descriptors, only: Set(only),
            chownTo: geteuid() == 0 ? homeOwner : nil)
        emit(render(plan))
        guard apply else {
            if !plan.actions.isEmpty { emit("Dry run: nothing was changed. Re-run with --apply to carry out the plan.") }
            return
        }
        guard !plan.actions.isEmpty else { return }
        if !yes, isatty(STDIN_FILENO) == 1 {
            emit("Apply \(plan.actions.count) change(s)? [y/N] ", terminator: "")
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else {
                emit("Nothing changed.")
                return
            }
        }
        let env = inputs.environment
        let directory = try state.directory(env)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let journalPath = "\(directory)/fix-\(stamp)-\(getpid()).json"
        let sealKey = try journalKey(directory)
        let executor = FixExecutor { journal in
            try SafeFileWriter.write(JournalSeal.seal(try journal.encoded(), key: sealKey), to: journalPath)
        }
        let outcome = executor.apply(plan, tool: "goose-audit \(GooseAudit.version)")
        for notice in outcome.notices { printError("notice: \(notice.path): \(notice.message)") }
        emit("Applied \(outcome.journal.entries.count) of \(plan.actions.count) change(s). Journal: \(shown(journalPath))")
        emit("Undo with: goose-audit fix --undo \(shown(journalPath))")
        if outcome.journal.entries.count < plan.actions.count { throw Exit.incomplete }
    }

    func render(_ plan: FixPlan) -> String {
        var out = "Hardening plan: \(plan.actions.count) change(s), \(plan.manual.count) manual step(s)\n"
        for action in plan.actions {
            out += "\n  [\(action.ruleIDs.joined(separator: ", "))]\n"
            for step in action.steps { out += "    \(shown(step))\n" }
        }
        if !plan.manual.isEmpty {
            out += "\nManual steps (not fixable automatically):\n"
            for step in plan.manual { out += "  \(shown(step.ruleID))  \(shown(step.location))\n    \(shown(step.step))\n" }
        }
        for notice in plan.notices { out += "\nnotice: \(shown(notice.path)): \(shown(notice.message))\n" }
        return out
    }

    /// The journal key, from the per-user key in the state directory.
    func journalKey(_ directory: String) throws -> [UInt8] {
        do {
            return JournalSeal.key(userKey: try UserKey.load(directory: directory))
        } catch {
            printError("goose-audit: \(error)")
            throw Exit.incomplete
        }
    }

    func restore(_ path: String) throws {
        let journal: Journal
        let key = try journalKey(try state.directory(inputs.environment))
        do {
            let sealed = try JournalSeal.read(inputs.absolute(path, inputs.environment))
            journal = try Journal.decode(try JournalSeal.open(sealed, key: key, path: path))
        } catch let failure as JournalSeal.Failure {
            printError("goose-audit: \(failure)")
            throw Exit.incomplete
        } catch {
            printError("goose-audit: cannot read journal \(path): \(error)")
            throw Exit.incomplete
        }
        let notices = FixExecutor.undo(journal)
        for notice in notices { printError("notice: \(notice.path): \(notice.message)") }
        emit("Restored \(journal.entries.count - notices.count) of \(journal.entries.count) change(s) from \(shown(path)).")
        if !notices.isEmpty { throw Exit.incomplete }
    }
}
