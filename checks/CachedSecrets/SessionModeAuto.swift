import GRDB
import GooseAuditCore

/// Sessions whose stored mode is auto: goose keeps a mode per session (`sessions.goose_mode`, schema
/// v8, PR #7854) and a resumed or loaded session runs under that mode, not under `GOOSE_MODE`
/// (`Session loaded` in goose's agent manager, the ACP `load_session` path). The check lives with
/// the session-store reader; its finding is a permissions one.
struct SessionModeAuto: ScanCheck {
    static let schema = """
        CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', session_type TEXT NOT NULL DEFAULT 'user',
            working_dir TEXT NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            extension_data TEXT DEFAULT '{}', recipe_json TEXT, user_recipe_values_json TEXT,
            goose_mode TEXT NOT NULL DEFAULT 'auto');
        CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, role TEXT NOT NULL,
            content_json TEXT NOT NULL, created_timestamp INTEGER NOT NULL);
        """

    let descriptor = CheckDescriptor(
        id: "session_mode_auto", title: "Stored sessions resume in auto mode",
        summary:
            "Reports `sessions.db` files (and their backups) holding sessions whose stored `goose_mode` is `auto`: resuming one auto-approves every tool call whatever `GOOSE_MODE` says now.",
        rationale: """
            goose stores the mode of each session in `sessions.goose_mode` (schema v8, PR #7854) and runs a resumed or \
            loaded session under that stored mode, not under the current `GOOSE_MODE`. The migration that added the column \
            set every older session to `auto`. So hardening config.yaml to `smart_approve` or `approve` does not reach these \
            sessions: `goose session --resume`, the desktop's session list and ACP clients bring them back with every tool \
            call approved.
            """,
        remediation:
            "Remove the sessions you no longer need (`goose session remove --id <id>`), and switch the ones you keep to another mode after resuming them (`/mode approve` or the desktop's mode selector) before letting them run tools.",
        severity: .medium, category: .permissions, kind: .configuration, artifactKinds: [.sessionDatabase],
        references: ["CWE-250", "https://github.com/block/goose/pull/7854", "https://github.com/block/goose/issues/12448"],
        examples: [
            example(
                "sessions stored in auto mode", .fail, modes: ["auto", "smart_approve"],
                expected: ["sessions/sessions.db#sessions.goose_mode"]),
            example("sessions stored in approve modes", .pass, modes: ["approve", "chat"]),
        ])

    /// A data directory whose `sessions.db` holds one session per mode in `modes`.
    static func example(_ name: String, _ expectation: CheckExample.Expectation, modes: [String], expected: [String] = []) -> CheckExample {
        let rows = modes.enumerated().map { index, mode in
            "INSERT INTO sessions (id, working_dir, goose_mode) VALUES ('20260901_\(index + 1)', '/home/dev', '\(mode)');"
        }
        let files: [ExampleFile] = [
            .directory("", mode: 0o700), .directory("sessions", mode: 0o700),
            .database("sessions/sessions.db", sql: ([schema] + rows).joined(separator: "\n")),
        ]
        return CheckExample(name, expectation, role: .data, files: files, expected: expected)
    }

    /// How many session ids a finding names.
    static let shownIDs = 5

    /// What one database says: nil when it has no `sessions.goose_mode` (an older goose) or cannot be read.
    typealias Modes = (total: Int, auto: [String])

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        Self.modes(scan).compactMap { target, modes in
            guard let modes, !modes.auto.isEmpty else { return nil }
            let shown = modes.auto.prefix(Self.shownIDs).map { TerminalText.escape($0) }.joined(separator: ", ")
            let more = modes.auto.count > Self.shownIDs ? " and \(modes.auto.count - Self.shownIDs) more" : ""
            let message =
                "\(modes.auto.count) of \(modes.total) stored sessions have mode auto (\(shown)\(more)): resuming one approves every tool call, whatever GOOSE_MODE says"
            return descriptor.finding(
                message, at: target.artifact, keyPath: "sessions.goose_mode", evidence: .fact("sessions.goose_mode = auto"))
        }
    }

    /// Only a database that stores a mode per session has something to judge (an empty or older one does not).
    func isApplicable(_ scan: ScanSnapshot) -> Bool { Self.modes(scan).contains { $0.1 != nil } }

    /// Every session database of the scan with its modes, read once per scan.
    static func modes(_ scan: ScanSnapshot) -> [(CheckTarget, Modes?)] {
        scan.shared.memo("session-mode-auto") {
            scan.targets(of: [.sessionDatabase]).map { ($0, read($0)) }
        }
    }

    /// The modes of one database, read without changing a byte of it; problems become notices.
    static func read(_ target: CheckTarget) -> Modes? {
        guard target.artifact.metadata.type == .regular else { return nil }
        let skipped = (unreadable: "session modes not checked", replaced: "session modes not reported")
        return SessionFiles.read(target, skipped: skipped) { try $0.autoModeSessions() } ?? nil
    }
}

extension SessionDatabase {
    /// The ids of the sessions whose stored mode is auto, and how many sessions there are; nil when
    /// the database has no `sessions.goose_mode` column (goose before schema v8 kept no per-session mode).
    func autoModeSessions() throws -> (total: Int, auto: [String])? {
        try queue.read { db in
            guard try db.tableExists("sessions") else { return nil }
            let columns = Set(try db.columns(in: "sessions").map(\.name))
            guard columns.contains("goose_mode") else { return nil }
            let id = columns.contains("id") ? "CAST(coalesce(\"id\", rowid) AS TEXT)" : "CAST(rowid AS TEXT)"
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions") ?? 0
            let auto = try String.fetchAll(
                db, sql: "SELECT \(id) FROM sessions WHERE lower(trim(CAST(goose_mode AS TEXT))) = 'auto' ORDER BY 1")
            return (total, auto)
        }
    }
}
