import ArgumentParser
import Foundation
import GooseAuditCore

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline", abstract: "Manage baselines of accepted findings.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan and write every current finding to a baseline file.",
            discussion: """
                The file is deterministic (sorted fingerprints with rule id and path; no timestamps, no line numbers, \
                no secrets), so it can be committed. 'goose-audit scan --baseline FILE' then reports only new findings.
                """)

        @OptionGroup var inputs: ScanInputs

        @Option(name: [.short, .long], help: "Where to write the baseline.")
        var output: String

        func run() throws {
            var prepared = try inputs.prepare(createUserKey: true)
            // A new baseline accepts what is there now, whatever an older one said.
            prepared.context.options.baseline = nil
            let result = prepared.run()
            let baseline = Baseline(accepting: result.findings)
            let destination = inputs.absolute(output, prepared.context.environment)
            do {
                try SafeFileWriter.write(baseline.encoded(), to: destination, mode: 0o644)
            } catch {
                printError("goose-audit: cannot write \(output): \(error)")
                throw Exit.incomplete
            }
            printError("baseline: \(baseline.entries.count) finding\(baseline.entries.count == 1 ? "" : "s") written to \(output)")
            let secrets = baseline.entries.filter(\.secret).count
            if secrets > 0, prepared.keyOrigin != .shared {
                // A committed baseline is matched in CI: its secret entries need a key CI can have too.
                printError(
                    "baseline: \(secrets) secret entr\(secrets == 1 ? "y is" : "ies are") keyed with \(prepared.keyOrigin == .perUser ? "this user's own key" : "a key made up for this run") and match nowhere else; for a baseline CI uses, create it with GOOSE_AUDIT_FINGERPRINT_KEY set to the team key (docs/ci.md)"
                )
            }
            if result.notices.contains(where: { $0.kind == .rootMissing }) { throw Exit.incomplete }
        }
    }
}
