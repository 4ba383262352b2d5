import GooseAuditCore
import StructuredText

/// Who can start a workflow with text of their own, and what in a job's conditions keeps them out.
enum WorkflowTrust {
    /// GitHub events that carry text (or code) from people outside the team.
    static let untrustedEvents = [
        "pull_request_target", "issue_comment", "issues", "pull_request_review", "pull_request_review_comment", "discussion",
        "discussion_comment", "workflow_run", "pull_request",
    ]

    /// A gate in a job's or step's `if:`, or in its environment.
    enum Gate {
        /// Holds: only the repository's own people (or named accounts, or an approver) get through.
        case holds(String)
        /// Looks like a gate but lets outsiders through.
        case weak(String)
        case none
    }

    /// The untrusted events that start the workflow (GitLab: merge-request pipelines of the job).
    static func events(_ workflow: Workflow, job: Workflow.Job) -> [String] {
        guard workflow.isGitLab else { return workflow.triggerNames.filter(untrustedEvents.contains) }
        return gitLabRunsForMergeRequests(job.node, workflow.root) ? ["merge_request_event"] : []
    }

    /// Whether a GitLab job runs in merge-request pipelines (its own `rules`/`only`, or the pipeline's `workflow:rules`).
    static func gitLabRunsForMergeRequests(_ job: Node, _ root: Node) -> Bool {
        func mentions(_ node: Node?) -> Bool {
            guard let node else { return false }
            let texts = node.leaves().map { $0.scalar.value.lowercased() }
            return texts.contains {
                $0.contains("merge_request_event") || $0 == "merge_requests" || $0.contains("external_pull_request_event")
            }
        }
        return mentions(job["rules"]) || mentions(job["only"]) || mentions(root["workflow"]?["rules"])
    }

    /// The strongest gate on `nodes` (a job, then a step), or on a GitLab job's rules.
    static func gate(_ workflow: Workflow, job: Workflow.Job, step: Workflow.Step?) -> Gate {
        if workflow.isGitLab { return gitLabGate(job.node) }
        if let environment = job.node["environment"] {
            let name = environment.string ?? environment["name"]?.string ?? "?"
            return .holds("environment `\(name)` (its required reviewers cannot be seen offline)")
        }
        var weak: Gate = .none
        for node in [job.node, step?.node].compactMap({ $0 }) {
            guard let condition = node["if"]?.string else { continue }
            switch judge(condition) {
            case .holds(let why): return .holds(why)
            case .weak(let why): weak = .weak(why)
            case .none: break
            }
        }
        return weak
    }

    /// Judges one `if:` expression.
    static func judge(_ expression: String) -> Gate {
        let text = expression.normalisedExpression
        let either = text.contains("||")
        let association = text.contains("author_association")
        let insiders = ["'owner'", "'member'", "'collaborator'"].contains { text.contains($0) }
        let outsiders = ["'contributor'", "'first_time", "'none'"].contains { text.contains($0) }
        let actor = ["github.actor", "github.triggering_actor", ".user.login", ".sender.login"].first { text.contains($0) }
        let sameRepository =
            text.contains("head.repo.full_name==github.repository") || text.contains("head.repo.fork==false")
            || text.contains("!github.event.pull_request.head.repo.fork")
            || text.contains("workflow_run.head_repository.full_name==github.repository")
            || text.contains("workflow_run.head_repository.fork==false")
        if association, insiders, !outsiders, !text.contains("!=") {
            return either ? .weak("an `||` lets other events past the author_association test") : .holds("author_association")
        }
        if sameRepository, !either { return .holds("same-repository pull requests (or runs) only") }
        if let actor {
            let positive = text.contains("\(actor)=='") || (text.contains("fromjson(") && text.contains("\(actor))"))
            let botName = text.contains("'bot'") || text.contains("'[bot]'") || text.contains("-bot'")
            if positive, !botName, !either, !text.contains("contains(\(actor)") { return .holds("explicit actor allowlist") }
            if botName || text.contains("contains(\(actor)") { return .weak("a login that merely contains a name (`\(actor)`)") }
            if text.contains("\(actor)!=") { return .weak("`\(actor) != …` lets every other account through") }
        }
        if association { return .weak("author_association test that admits outsiders (`!=`, CONTRIBUTOR, NONE)") }
        if text.contains("labels.*.name") || text.contains("label.name") {
            return .weak("a label check alone (the label stays when new commits are pushed)")
        }
        return .none
    }

    /// GitLab: manual jobs need a developer to start them; a same-project test keeps forks out.
    static func gitLabGate(_ job: Node) -> Gate {
        let rules = job["rules"]?.items ?? []
        if job["when"]?.string == "manual" || rules.contains(where: { $0["when"]?.string == "manual" }) {
            return .holds("a manual job (a developer starts it)")
        }
        let conditions = rules.compactMap { $0["if"]?.string?.normalisedExpression }
        if conditions.contains(where: { $0.contains("$ci_merge_request_source_project_id==$ci_project_id") && !$0.contains("||") }) {
            return .holds("merge requests from the project itself only")
        }
        if conditions.contains(where: { $0.contains("$gitlab_user_login=='") && !$0.contains("||") }) {
            return .holds("explicit user allowlist")
        }
        if conditions.contains(where: { $0.contains("$ci_merge_request_labels") }) {
            return .weak("a label check alone (the label stays when new commits are pushed)")
        }
        return .none
    }
}
