import GooseAuditCore
import StructuredText

/// `goose serve --enable-scheduler`: scheduled recipes run unattended; a recipe's own mode is
/// ignored (issue #11164), so the server's mode, auto by default, applies.
enum SchedulerAutoMode {
    static let check = SettingCheck(
        descriptor: CheckDescriptor(
            id: "scheduler_auto_mode", title: "Scheduler runs recipes unattended in auto mode",
            summary:
                "Reports service definitions that start `goose serve --enable-scheduler` with `GOOSE_MODE=auto` or without any `GOOSE_MODE`.",
            rationale: """
                The scheduler starts recipes on a timer with nobody at the keyboard, and ignores a recipe's own \
                `goose_mode` (issue #11164). In auto mode, goose's default, every tool call of every scheduled run is \
                approved, and processes it spawns can outlive the run.
                """,
            remediation: "Set `GOOSE_MODE=smart_approve` (or `chat` for read-only jobs) in the unit that runs the scheduler.",
            severity: .high, category: .permissions, kind: .configuration, artifactKinds: [.serviceDefinition],
            references: ["CWE-250", "https://github.com/block/goose/issues/11164"],
            examples: [
                CheckExample(
                    "scheduler without a mode", .fail, role: .path,
                    files: [
                        .file(
                            "goose-scheduler.service",
                            "[Service]\nEnvironmentFile=/etc/goose/serve.env\nExecStart=/usr/local/bin/goose serve --enable-scheduler\n")
                    ], expected: ["goose-scheduler.service:3"]),
                CheckExample(
                    "scheduler in smart approve", .pass, role: .path,
                    files: [
                        .file(
                            "goose-scheduler.service",
                            "[Service]\nEnvironment=GOOSE_MODE=smart_approve\nEnvironmentFile=/etc/goose/serve.env\nExecStart=/usr/local/bin/goose serve --enable-scheduler\n"
                        )
                    ]),
            ]),
        subjects: [],
        inspectFile: { target in
            guard let service = ServiceText.of(target), let flag = service.word("--enable-scheduler") else { return [] }
            let mode = service.value(of: "GOOSE_MODE")?.text.lowercased()
            guard mode == nil || mode == "auto" else { return [] }
            return [
                Problem(
                    setting: flag.setting,
                    message:
                        "the scheduler runs recipes unattended in \(mode == nil ? "goose's default auto mode (no GOOSE_MODE here)" : "auto mode")",
                    evidence: "--enable-scheduler, GOOSE_MODE \(mode ?? "unset")", confidence: mode == nil ? .medium : .high)
            ]
        })
}
