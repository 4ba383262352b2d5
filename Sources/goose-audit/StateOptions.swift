import ArgumentParser
import Foundation
import GooseAuditCore
import GooseAuditReports
import History

extension ScanInputs {
    /// Prepares and runs the scan; `previousDrift` lets drift checks compare with the last recorded run.
    func run(previousDrift: DriftFacts? = nil, createUserKey: Bool = false, stateDirectory: String? = nil) throws -> (ScanResult, Settings)
    {
        var prepared = try prepare(createUserKey: createUserKey, stateDirectory: stateDirectory)
        prepared.context.options.previousDrift = previousDrift
        return (prepared.run(), prepared.settings)
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

    /// The history database when one exists; nil (nothing created: no directory, no file) otherwise.
    func existingHistory(_ env: GooseEnvironment) throws -> HistoryStore? {
        guard let path = stateDir ?? StateDirectory.defaultPath(env), case .success = FileMetadata.lstat(path) else { return nil }
        // An existing state directory is checked (owner, mode) even when it holds no history yet.
        _ = try directory(env)
        guard case .success = FileMetadata.lstat(path + "/history.sqlite") else { return nil }
        return try history(env)
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
    static func record(_ result: ScanResult, report: Report, into store: HistoryStore) throws {
        let checklist = Checklist(outcomes: result.outcomes, descriptors: result.descriptors)
        try store.record(
            RunRecord(
                startedAt: Date(), toolVersion: GooseAudit.version, roots: result.roots.map(\.label),
                hardeningIndex: checklist.hardeningIndex, countsBySeverity: report.countsBySeverity,
                findings: report.active.map(FindingRecord.init), drift: result.drift.stored))
    }

    /// The drift snapshot of the latest recorded run, if history exists.
    static func previousDrift(_ store: HistoryStore) throws -> DriftFacts? {
        try store.latest().map { DriftFacts(stored: $0.drift) }
    }
}

/// A path given on the command line that does not exist stops `fix` and `checklist` (exit 2): a plan
/// or a score for a tree that is not there would read as "nothing to do".
enum MissingRoots {
    static func stop(_ result: ScanResult) throws {
        let missing = result.notices.filter { $0.kind == .rootMissing }
        guard !missing.isEmpty else { return }
        for notice in missing { printError("goose-audit: \(notice.path): \(notice.message)") }
        throw Exit.incomplete
    }
}
