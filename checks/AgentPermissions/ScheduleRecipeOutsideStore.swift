import GooseAuditCore
import StructuredText

/// GA-RCP-010: scheduled jobs that run a recipe from outside goose's own `scheduled_recipes/` store.
struct ScheduleSourceCheck: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "schedule_recipe_outside_store", title: "Scheduled job runs a recipe from outside goose's store",
        summary:
            "Reports `schedule.json` jobs whose `source` is not a copy under `scheduled_recipes/`; sources in shared temporary directories or relative paths are low, others info.",
        rationale: """
            Scheduled recipes run unattended, with no one to answer a prompt. goose copies a scheduled recipe into \
            `<data>/scheduled_recipes/`; a job pointing elsewhere runs whatever that file says at the next tick, \
            so anyone who can change it (a shared directory, a checkout that gets pulled) changes what runs.
            """,
        remediation:
            "Re-add the job from a reviewed recipe so goose keeps its own copy, and remove jobs you do not recognise (`goose schedule list`).",
        severity: .info, category: .permissions, kind: .configuration, artifactKinds: [.schedule],
        references: ["CWE-829", "https://block.github.io/goose/docs/guides/recipes/session-recipes"],
        examples: [
            CheckExample(
                "job sourced from /tmp", .fail, role: .data,
                files: [
                    .file("schedule.json", "[\n  {\"id\": \"nightly\", \"source\": \"/tmp/nightly.yaml\", \"cron\": \"0 2 * * *\"}\n]\n")
                ], expected: ["schedule.json:2#[0].source"]),
            CheckExample(
                "job sourced from the store", .pass, role: .data,
                files: [
                    .file(
                        "schedule.json",
                        "{\"jobs\": [{\"id\": \"nightly\", \"source\": \"/home/u/.local/share/goose/scheduled_recipes/nightly.yaml\", \"cron\": \"0 2 * * *\"}]}\n"
                    )
                ]),
        ])

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let root = target.document()?.root else { return [] }
        let (jobs, base): ([Node], KeyPath) = root.isSequence ? (root.items, []) : (root["jobs"]?.items ?? [], [.key("jobs")])
        return jobs.enumerated().compactMap { index, job in
            guard let source = job["source"], let path = source.string, !path.contains("/scheduled_recipes/") else { return nil }
            let weakness = path.hasPrefix("~") ? nil : UnsafePaths.weakness(path)
            let id = job["id"]?.string ?? "#\(index)"
            return descriptor.finding(
                Problem(
                    setting: .at(source, base.appending(.index(index)).appending(.key("source")), in: target.artifact),
                    message:
                        "scheduled job `\(id)` runs `\(path)`\(weakness.map { ", which \($0)" } ?? ", outside goose's scheduled_recipes store")",
                    evidence: "source \(path)", severity: weakness == nil ? nil : .low),
                anchor: target.artifact)
        }
    }
}
