import GooseAuditCore
import StructuredText

/// goose run by a workflow on text any outsider can write: one finding per agent step, naming the
/// trigger, the tainted input, what the agent can do and what it can reach.
extension WorkflowModule {
    static let agentOnUntrustedInput = WorkflowCheck(
        descriptor: CheckDescriptor(
            id: "workflow_agent_on_untrusted_input", title: "goose runs on text any outsider can write",
            summary:
                "Reports each step (GitHub Actions) or job (GitLab CI) that runs goose on an event outsiders start (`issue_comment`, `issues`, `pull_request_target`, reviews, discussions, `workflow_run`, fork `pull_request`, merge-request pipelines) without an author gate that holds, naming the tainted input (prompt, `--params`, a recipe or config written by a heredoc, `echo >` or `envsubst`, environment goose reads, the checked-out head's `.goosehints`/`AGENTS.md`, an artifact of the triggering `workflow_run`), the agent's mode and extensions, and the credentials in reach. Critical when an agent that can execute (auto or unset `GOOSE_MODE` with developer, computer controller or a stdio extension) holds a write credential or secret.",
            rationale: """
                Anyone who can open an issue, comment or fork pull request writes text that the workflow hands to goose \
                as its prompt, its recipe or its hints, so they write the agent's instructions. In auto mode with the \
                developer extension goose runs whatever those instructions ask, with the job's token, provider key and \
                secrets. Fix: gate the job on `author_association` (OWNER, MEMBER, COLLABORATOR) or an environment with \
                reviewers, give it a read-only token, run goose in approve mode, and write recipes with a quoted heredoc \
                that never expands event text.
                """,
            remediation:
                "Gate the job on `author_association` in OWNER/MEMBER/COLLABORATOR (or an environment with required reviewers), set `permissions: contents: read`, set `GOOSE_MODE: approve` (or drop executing extensions), pass event text only as data (a file written with `printf '%s' \"$BODY\"`), write recipes with `<<'EOF'`, and never check out a pull request's head under `pull_request_target`.",
            severity: .high, category: .workflow, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-1427", "CWE-77", "CWE-94", hardening],
            examples: [
                CheckExample(
                    "comment text expanded into the recipe", .fail, role: .path,
                    files: [workflow(AgentFixtures.commentToRecipe)], expected: [".github/workflows/release.yml:17#jobs.goose.steps[1].run"]
                ),
                CheckExample(
                    "pull request diff handed to goose in auto mode", .fail, role: .path,
                    files: [workflow(AgentFixtures.pullRequestReview)],
                    expected: [".github/workflows/release.yml:16#jobs.review.steps[1].run"]),
                CheckExample(
                    "merge-request description in the prompt (GitLab)", .fail, role: .path,
                    files: [.file(".gitlab-ci.yml", AgentFixtures.gitLabReview)], expected: [".gitlab-ci.yml:8#goose-review.script"]),
                CheckExample(
                    "hardened: members only, read-only token, approve mode, quoted heredoc", .pass, role: .path,
                    files: [workflow(AgentFixtures.hardenedComment)]),
                CheckExample(
                    "hardened GitLab: manual job", .pass, role: .path, files: [.file(".gitlab-ci.yml", AgentFixtures.gitLabHardened)]),
            ]),
        analyze: { workflow, descriptor in
            workflow.agents.compactMap { agentFinding($0, workflow, descriptor) }
        })

    /// The one finding for an agent, or nil when no outsider reaches it.
    static func agentFinding(_ agent: GooseAgent, _ workflow: Workflow, _ descriptor: CheckDescriptor) -> Finding? {
        let events = WorkflowTrust.events(workflow, job: agent.job)
        guard !events.isEmpty else { return nil }
        let gate = WorkflowTrust.gate(workflow, job: agent.job, step: agent.step)
        if case .holds = gate { return nil }
        let taints = agent.taints(in: workflow, events: events)
        let commentEvents: Set<String> = ["issues", "issue_comment", "discussion", "discussion_comment"]
        guard let taint = taints.first else {
            // Comment-style events with no text passed: the agent can still fetch it with its tools.
            guard events.contains(where: commentEvents.contains), agent.canExecute else { return nil }
            return workflow.finding(
                descriptor,
                "job `\(agent.job.name)` runs goose on \(events.joined(separator: ", ")) without an author gate; no event text is passed directly, but the agent (\(agent.capability)) can read it with its tools",
                at: agent.anchor, path: agent.path, evidence: "trigger \(events.joined(separator: ", ")); no gate", severity: .medium,
                confidence: .medium)
        }
        let reach = agent.reach(in: workflow)
        let forkOnly = events == ["pull_request"]
        let severity: Severity = agent.canExecute ? (reach.isCritical && !forkOnly ? .critical : .high) : .low
        var notes: [String] = []
        if case .weak(let why) = gate { notes.append("its gate is weak: \(why)") }
        if forkOnly {
            notes.append(
                "GitHub withholds secrets and write scopes from fork pull requests, so the full reach needs a same-repository branch or a repository that shares secrets with forks"
            )
        }
        if workflow.isGitLab { notes.append("project CI/CD variables cannot be seen offline") }
        let more = taints.count > 1 ? " (and \(taints.count - 1) more path\(taints.count > 2 ? "s" : ""))" : ""
        let place = taint.line.map { " on line \($0)" } ?? ""
        let message =
            "job `\(agent.job.name)` (\(events.joined(separator: ", "))) hands \(taint.source) to goose through \(taint.sink)\(place)\(more); "
            + "the agent runs with \(agent.capability)\(agent.canExecute ? " and can execute commands" : " and cannot run tools unattended"); "
            + "in reach: \(reach.summary)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))")
        let evidence =
            "trigger=\(events.joined(separator: ",")); input=\(taint.source); sink=\(taint.sink); capability=\(agent.capability); reach=\(reach.summary)"
        return workflow.finding(
            descriptor, message, at: agent.anchor, path: taint.path ?? agent.path, line: taint.line, evidence: evidence, severity: severity,
            confidence: agent.extensionsUnknown && agent.autoMode ? .medium : .high)
    }
}
