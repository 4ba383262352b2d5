import GooseAuditCore
import StructuredText

/// A CI workflow file as the workflow checks read it: GitHub Actions (`.github/workflows/*.yml`)
/// or, for the publish check, GitLab CI (`.gitlab-ci.yml`).
struct Workflow {
    /// A job with its key path (`jobs.publish`).
    struct Job: Sendable {
        var name: String
        var node: Node
        var path: KeyPath
    }

    /// A step with its key path (`jobs.publish.steps[3]`).
    struct Step: Sendable {
        var job: Job
        var node: Node
        var path: KeyPath
    }

    /// The file the workflow was read from; derived values shared by several checks are memoised on it.
    let target: CheckTarget
    let artifact: Artifact
    let root: Node
    let lines: [Substring]

    init?(_ target: CheckTarget) {
        guard let root = target.document()?.root, root.isMapping else { return nil }
        self.target = target
        artifact = target.artifact
        self.root = root
        lines = target.content?.lines ?? []
    }

    /// GitLab CI: `.gitlab-ci.yml` and the files it includes (`*.gitlab-ci.yml`, `.gitlab/ci/*.yml`).
    var isGitLab: Bool { !artifact.relativePath.contains(".github/workflows/") && !artifact.path.contains("/.github/workflows/") }

    /// The `on:` block (YAML 1.1 readers turn the key into `true`; the raw key is kept here).
    var triggers: Node? { root["on"] ?? root["true"] }

    /// The names of the events that start the workflow.
    var triggerNames: [String] {
        guard let triggers else { return [] }
        if let name = triggers.string { return [name] }
        if triggers.isSequence { return triggers.items.compactMap(\.string) }
        return triggers.pairs.map(\.key.value)
    }

    /// GitHub jobs, in file order.
    var jobs: [Job] {
        (root["jobs"]?.pairs ?? []).filter { $0.value.isMapping }.map {
            Job(name: $0.key.value, node: $0.value, path: [.key("jobs"), .key($0.key.value)])
        }
    }

    /// Every step of every job.
    var steps: [Step] { jobs.flatMap(steps(of:)) }

    /// The steps of one job, in order.
    func steps(of job: Job) -> [Step] {
        (job.node["steps"]?.items ?? []).enumerated().map {
            Step(job: job, node: $1, path: job.path.appending(.key("steps")).appending(.index($0)))
        }
    }

    /// GitLab jobs: top-level mappings that are not keywords or hidden templates.
    var gitLabJobs: [Job] {
        root.pairs.filter { !$0.key.value.hasPrefix(".") && !WorkflowModule.gitLabKeywords.contains($0.key.value) && $0.value.isMapping }
            .map { Job(name: $0.key.value, node: $0.value, path: [.key($0.key.value)]) }
    }

    /// The line of the first occurrence of `needle` at or after `node`'s line (block scalars start
    /// a line above their text), else the node's own line.
    func line(of needle: String, from node: Node) -> Int {
        let start = max(node.position.line, 1)
        let lowered = needle.lowercased()
        for number in start...max(start, min(lines.count, start + 400)) where number <= lines.count {
            if lines[number - 1].lowercased().contains(lowered) { return number }
        }
        return node.position.line
    }

    /// A finding of `descriptor` at `node` (or at `line`), with a key path.
    func finding(
        _ descriptor: CheckDescriptor, _ message: String, at node: Node, path: KeyPath, line: Int? = nil, evidence: String,
        severity: Severity? = nil, confidence: Confidence = .high
    ) -> Finding {
        let number = line ?? node.position.line
        return descriptor.finding(
            message, at: artifact, line: number > 0 ? number : nil, column: line == nil && number > 0 ? node.position.column : nil,
            keyPath: path.components.isEmpty ? nil : path.description, evidence: .fact(evidence), severity: severity,
            confidence: confidence)
    }
}

extension Node {
    /// A `run:`/`script:` value as text: a string, or a list of lines.
    var scriptText: String? {
        if let text = string { return text }
        let items = self.items.compactMap(\.string)
        return items.isEmpty ? nil : items.joined(separator: "\n")
    }
}

extension String {
    /// An `if:` expression normalised for matching: lower-case, no blanks, single quotes.
    var normalisedExpression: String {
        String(lowercased().filter { !$0.isWhitespace }.map { $0 == "\"" ? "'" : $0 })
    }
}
