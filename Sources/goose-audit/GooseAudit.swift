import ArgumentParser
import CheckCatalog
import Foundation
import GooseAuditCore
import GooseAuditReports

@main
struct GooseAudit: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "goose-audit",
        abstract: "Audit and harden goose AI-agent installations and configuration repositories.",
        discussion: """
            Offline and read-only: goose-audit never runs extension commands and never touches the network.
            Exit codes: 0 nothing at or above the threshold, 1 findings at or above it, 2 the scan could not \
            be completed, 64 usage error.
            """,
        version: version,
        subcommands: [
            Scan.self, ListChecks.self, Fix.self, ChecklistCommand.self, HistoryCommand.self, BaselineCommand.self,
            Suppressions.self, ConfigCommand.self, Explain.self, Docs.self, FleetCommand.self,
        ],
        defaultSubcommand: Scan.self)

    /// ArgumentParser's own `main`, with its error and usage text escaped: a message such as
    /// `Unknown option '--x…'` quotes what the user (or a script fed with scanned names) typed, so it goes
    /// through `TerminalText` line by line like every other line on standard error. Help, `--version` and
    /// completion replies (exit 0) are goose-audit's own text and go to standard output unchanged.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { FileHandle.standardOutput.write(Data((message + "\n").utf8)) }
            } else if !message.isEmpty {
                let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.escape(String($0)) }
                FileHandle.standardError.write(Data((TerminalText.guardLines(lines.joined(separator: "\n")) + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// Exit codes shared by every command.
enum Exit {
    static let clean = ExitCode(0)
    static let findings = ExitCode(1)
    static let incomplete = ExitCode(2)
    static let usage = ExitCode(64)
}

/// Writes one line to standard error without buffering. The whole line goes through `TerminalText.escape`
/// (it may quote scanned names, configuration values or error descriptions) and the CI-command guard.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.guardLines(TerminalText.escape(SecretNames.redact(text))) + "\n").utf8))
}

/// Writes goose-audit's own text to standard output; scanned data in it is already escaped with `shown`.
/// No line can be read as a CI workflow command (`TerminalText.guardLines`).
func emit(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data(TerminalText.guardLines(text + terminator).utf8))
}

/// Scanned or user-supplied text made visible and inert for human-readable output; a name in it that is a
/// secret (a file named with a token) is redacted (`SecretNames`).
func shown(_ text: String) -> String { TerminalText.escape(SecretNames.redact(text)) }
