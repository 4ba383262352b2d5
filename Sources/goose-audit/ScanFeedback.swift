import Foundation
import GooseAuditCore
import GooseAuditReports
import Synchronization

/// What a scan says on standard error besides its reports: progress on a terminal, grouped notices,
/// a one-line summary when every report went to a file. `--quiet` silences all of it; `--verbose`
/// lists every notice instead of grouping them.
struct ScanFeedback {
    enum Level { case quiet, normal, verbose }

    var level: Level

    /// Notices grouped by kind: one line per kind with its count and first example (every notice stays in
    /// the JSON report); with `--verbose`, every notice.
    func notices(_ notices: [Notice]) {
        guard level != .quiet, !notices.isEmpty else { return }
        if level == .verbose {
            for notice in notices {
                printError("notice: \(notice.kind.rawValue): \(notice.path): \(notice.message)")
            }
            return
        }
        let groups = Dictionary(grouping: notices, by: \.kind).sorted {
            $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key.rawValue < $1.key.rawValue
        }
        for (kind, members) in groups {
            let first = members[0]
            let more = members.count > 1 ? " (and \(members.count - 1) more)" : ""
            printError("notice: \(kind.rawValue) ×\(members.count): \(first.path): \(first.message)\(more)")
        }
        if groups.contains(where: { $0.value.count > 1 }) {
            printError("notices: \(notices.count) in all; every one is in the JSON report (--format json), --verbose lists them here")
        }
    }

    /// `goose-audit: 13 findings (2 critical, …), 3 files examined; wrote a.sarif, b.json`.
    func summary(_ report: Report, written: [String]) {
        guard level != .quiet else { return }
        let counts = report.countsBySeverity
        let bySeverity = Severity.allCases.reversed().map { "\(counts[$0] ?? 0) \($0.name)" }.joined(separator: ", ")
        let count = report.active.count
        printError(
            "goose-audit: \(count) finding\(count == 1 ? "" : "s") (\(bySeverity)), \(report.notices.count) notices, "
                + "\(report.filesExamined) files examined; wrote \(written.joined(separator: ", "))")
    }
}

/// A line on standard error, redrawn while a scan runs, when standard error is a terminal and the scan
/// takes longer than a second (`GOOSE_AUDIT_PROGRESS_AFTER` seconds, for tests).
final class ScanProgress: Sendable {
    private let state = Mutex<(running: Bool, drawn: Bool)>((true, false))
    private let started = Date()
    private let roots: Int

    init(roots: Int) { self.roots = roots }

    /// Starts the progress line if `enabled`, runs `body`, and clears the line. A `delay` of 0 draws the first
    /// frame before `body` starts (so a test's tiny scan shows it too).
    static func around<T>(enabled: Bool, roots: Int, delay: Double, _ body: () -> T) -> T {
        guard enabled else { return body() }
        let progress = ScanProgress(roots: roots)
        if delay <= 0 { _ = progress.draw(frame: 0) }
        let thread = Thread { progress.loop(delay: delay) }
        thread.start()
        defer { progress.stop() }
        return body()
    }

    /// Draws one frame unless the scan has finished; false once it has.
    private func draw(frame: Int) -> Bool {
        state.withLock { state -> Bool in
            guard state.running else { return false }
            let elapsed = Int(Date().timeIntervalSince(started))
            let line =
                "\r\u{1B}[K\(["|", "/", "-", "\\"][frame % 4]) goose-audit: scanning \(roots) root\(roots == 1 ? "" : "s")… \(elapsed)s"
            FileHandle.standardError.write(Data(line.utf8))
            state.drawn = true
            return true
        }
    }

    private func loop(delay: Double) {
        Thread.sleep(forTimeInterval: delay)
        var frame = 1
        while draw(frame: frame) {
            frame += 1
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    private func stop() {
        state.withLock { state in
            state.running = false
            if state.drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
