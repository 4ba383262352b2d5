import Foundation
import GooseAuditCore
import StructuredText

/// Untrusted text on its way into a goose agent: where it comes from, where it lands, and on which line.
struct Taint {
    /// The untrusted input: `github.event.comment.body`, `$CI_MERGE_REQUEST_DESCRIPTION`, the pull request's files.
    var source: String
    /// Where the agent picks it up: the prompt, a recipe written by a heredoc, `--params`, an environment variable.
    var sink: String
    /// The line of the sink in the workflow file.
    var line: Int?
    /// Sinks that hand the agent instructions (a recipe or config written at run time) rank first.
    var rank: Int
    /// The key path of the step (or script) holding the sink, when it is not the agent's own.
    var path: KeyPath? = nil
}

extension GooseAgent {
    /// GitLab variables whose text the merge request's author writes.
    static let gitLabUntrusted = [
        "CI_MERGE_REQUEST_TITLE", "CI_MERGE_REQUEST_DESCRIPTION", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_MESSAGE",
        "CI_COMMIT_TITLE", "CI_COMMIT_DESCRIPTION", "CI_COMMIT_REF_NAME", "CI_COMMIT_BRANCH", "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
    ]

    /// Commands that fetch an outsider's text at run time.
    static let fetches = ["gh pr diff", "gh pr view", "gh issue view", "gh api", "git diff", "glab mr diff", "glab mr view"]

    /// Every path of untrusted text into this agent, best-ranked first.
    func taints(in workflow: Workflow, events: [String]) -> [Taint] {
        // Environment variables whose value an outsider writes (step, job or workflow `env:`, GitLab `variables:`).
        var tainted: [String: String] = [:]
        for variable in environment {
            if let source = Self.untrustedExpression(in: variable.value) {
                tainted[variable.name] = "\(source) (via env `\(variable.name)`)"
            }
        }
        if workflow.isGitLab { for name in Self.gitLabUntrusted { tainted[name] = "$\(name)" } }
        var found: [Taint] = []
        for variable in environment where tainted[variable.name] != nil {
            let readByGoose = variable.name.hasPrefix("GOOSE_") || variable.name.hasSuffix("_HOST") || variable.name.hasSuffix("_BASE_PATH")
            if readByGoose {
                found.append(
                    Taint(source: tainted[variable.name]!, sink: "environment variable `\(variable.name)` goose reads", line: nil, rank: 1))
            }
        }
        // Scripts of this step and the steps before it in the job (they write the files goose reads).
        let scripts: [(Node, String, KeyPath, Node?)] =
            workflow.isGitLab
            ? [(anchor, script, path, nil)]
            : earlierSteps.compactMap { step in
                step.node["run"].flatMap { node in node.scriptText.map { (node, $0, step.path.appending(.key("run")), step.node["env"]) } }
            }
        let shared = tainted.filter { name, _ in environment.contains { $0.name == name && $0.level != "step" } || workflow.isGitLab }
        for (node, text, path, stepEnv) in scripts {
            var visible = shared
            for pair in stepEnv?.pairs ?? [] {
                if let source = Self.untrustedExpression(in: pair.value.string ?? "") {
                    visible[pair.key.value] = "\(source) (via env `\(pair.key.value)`)"
                }
            }
            found += Self.scan(text, node: node, tainted: visible, workflow: workflow, events: events).map {
                var taint = $0
                taint.path = path
                return taint
            }
        }
        // A goose action's inputs.
        if let step, step.node["uses"] != nil {
            for input in step.node["with"]?.pairs ?? [] {
                let value = input.value.string ?? ""
                let source = Self.untrustedExpression(in: value) ?? tainted.first { value.contains("env.\($0.key)") }?.value
                if let source {
                    found.append(
                        Taint(
                            source: source, sink: "input `\(input.key.value)` of the goose action", line: input.value.position.line, rank: 2
                        ))
                }
            }
        }
        if let checkout = checkedOutHead(workflow, events: events) { found.append(checkout) }
        if let artifact = triggeringRunArtifact(workflow, events: events) { found.append(artifact) }
        return found.sorted { $0.rank < $1.rank }
    }

    /// The untrusted `${{ … }}` field in `text`, if any.
    static func untrustedExpression(in text: String) -> String? {
        let compact = text.lowercased().filter { !$0.isWhitespace }
        guard compact.contains("${{") else { return nil }
        return WorkflowModule.untrustedContexts.first { compact.contains($0) }
    }

    /// Walks a script line by line: heredocs (quoted or not), file writes, the goose command line, envsubst.
    static func scan(_ text: String, node: Node, tainted: [String: String], workflow: Workflow, events: [String]) -> [Taint] {
        var found: [Taint] = []
        var heredoc: (delimiter: String, quoted: Bool, target: String)?
        func lineNumber(_ line: Substring) -> Int { workflow.line(of: String(line.trimmingPrefix(while: \.isWhitespace)), from: node) }
        func source(_ line: Substring, shellExpands: Bool) -> String? {
            if let expression = untrustedExpression(in: String(line)) { return expression }
            guard shellExpands else { return nil }
            return tainted.keys.sorted().first { line.contains("$\($0)") || line.contains("${\($0)}") }.flatMap { tainted[$0] }
        }
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let open = heredoc {
                if trimmed == open.delimiter { heredoc = nil; continue }
                if let from = source(line, shellExpands: !open.quoted) {
                    let what = open.quoted ? "a quoted heredoc" : "a heredoc"
                    found.append(Taint(source: from, sink: "\(what) written to \(open.target)", line: lineNumber(line), rank: 0))
                }
                continue
            }
            if let range = line.range(of: "<<") {
                let after = line[range.upperBound...].drop { $0 == "-" || $0 == " " }
                let quoted = after.first.map { "'\"\\".contains($0) } ?? false
                let delimiter = after.drop { "'\"\\".contains($0) }.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                if !delimiter.isEmpty {
                    heredoc = (String(delimiter), quoted, writeTarget(String(line)))
                    if let from = source(line, shellExpands: true), callsGoose(line) {
                        found.append(Taint(source: from, sink: "the goose command line", line: lineNumber(line), rank: 2))
                    }
                    continue
                }
            }
            guard !trimmed.hasPrefix("#") else { continue }
            if callsGoose(line), let from = source(line, shellExpands: true) {
                let lower = line.lowercased()
                let sink =
                    lower.contains("--params")
                    ? "`--params`"
                    : lower.contains("-t ") || lower.contains("--text")
                        ? "the prompt (`--text`)"
                        : lower.contains("-i ") || lower.contains("--instructions") ? "the instructions (`-i`)" : "the goose command line"
                found.append(Taint(source: from, sink: sink, line: lineNumber(line), rank: sink.hasPrefix("`--params`") ? 1 : 2))
            } else if trimmed.hasPrefix("envsubst") || line.contains("| envsubst"),
                let name = tainted.keys.sorted().first(where: { envsubstRenders($0, line: line) })
            {
                found.append(Taint(source: tainted[name]!, sink: "a file rendered by `envsubst`", line: lineNumber(line), rank: 0))
            } else if line.contains(">"), trimmed.hasPrefix("echo") || trimmed.hasPrefix("printf"),
                let from = source(line, shellExpands: true)
            {
                found.append(
                    Taint(
                        source: from, sink: "a file written with `\(trimmed.prefix { $0 != " " })` (\(writeTarget(String(line))))",
                        line: lineNumber(line), rank: 0))
            } else if !events.isEmpty, let fetch = fetches.first(where: { line.contains($0) }) {
                // Fetched text lands in a file (`gh pr diff > changes.txt`, or a `{ …; } > file` group) the agent reads.
                let target = line.contains(">") ? writeTarget(String(line)) : text.contains("} >") ? "the step's output file" : nil
                if let target {
                    found.append(
                        Taint(
                            source: "text fetched with `\(fetch)`", sink: "a file the agent reads (\(target))", line: lineNumber(line),
                            rank: 3))
                }
            }
        }
        return found
    }

    /// Whether an `envsubst` line renders `name`: every exported variable, or only those its SHELL-FORMAT argument lists.
    static func envsubstRenders(_ name: String, line: Substring) -> Bool {
        let after = line[(line.range(of: "envsubst")?.upperBound ?? line.endIndex)...].drop { $0 == " " }
        guard let quote = after.first, quote == "'" || quote == "\"" else { return true }
        let format = after.dropFirst().prefix { $0 != quote }
        return format.contains("$\(name)") || format.contains("${\(name)}")
    }

    /// The file a line writes (`cat > recipe.yaml <<EOF`, `echo … >> prompt.txt`), or "a file".
    static func writeTarget(_ line: String) -> String {
        guard let range = line.range(of: ">", options: .backwards) else { return line.contains("tee ") ? "a file (tee)" : "stdin" }
        let word = line[range.upperBound...].drop { $0 == ">" || $0 == " " }.prefix { !" ;|&<".contains($0) }
        return word.isEmpty ? "a file" : "`\(word)`"
    }

    /// The pull request's own files in the working directory: goose reads `.goosehints`/`AGENTS.md` and recipes from there.
    func checkedOutHead(_ workflow: Workflow, events: [String]) -> Taint? {
        if workflow.isGitLab {
            guard events.contains("merge_request_event"), environment.first(where: { $0.name == "GIT_STRATEGY" })?.value != "none" else {
                return nil
            }
            return Taint(
                source: "files of the merge request (`.goosehints`, `AGENTS.md`, recipes)", sink: "goose's working directory", line: nil,
                rank: 4)
        }
        for step in earlierSteps {
            if step.node["run"]?.scriptText?.contains("gh pr checkout") == true {
                return Taint(
                    source: "files of the pull request head (`gh pr checkout`)", sink: "goose's working directory",
                    line: step.node["run"].map { workflow.line(of: "gh pr checkout", from: $0) }, rank: 4,
                    path: step.path.appending(.key("run")))
            }
            guard step.node["uses"]?.string?.lowercased().hasPrefix("actions/checkout") == true else { continue }
            let ref = step.node["with"]?["ref"]?.string?.normalisedExpression ?? ""
            let head = ["github.event.pull_request.head", "github.head_ref", "refs/pull/", "workflow_run.head"].contains {
                ref.contains($0)
            }
            if head || (events.contains("pull_request") && ref.isEmpty) {
                let line = step.node["with"]?["ref"]?.position.line ?? step.node["uses"]?.position.line
                let key: KeyPath =
                    ref.isEmpty ? step.path.appending(.key("uses")) : step.path.appending(.key("with")).appending(.key("ref"))
                return Taint(
                    source: "files of the checked-out pull request head (`.goosehints`, `AGENTS.md`, recipes)",
                    sink: "goose's working directory",
                    line: line, rank: 4, path: key)
            }
        }
        return nil
    }

    /// Artifacts of the run that triggered a `workflow_run` workflow: built by the pull request's own code, so its author writes them.
    func triggeringRunArtifact(_ workflow: Workflow, events: [String]) -> Taint? {
        guard events.contains("workflow_run") else { return nil }
        for step in earlierSteps {
            if let run = step.node["run"], run.scriptText?.contains("gh run download") == true {
                return Taint(
                    source: "an artifact of the triggering run (`gh run download`)", sink: "a file the agent reads",
                    line: workflow.line(of: "gh run download", from: run), rank: 3, path: step.path.appending(.key("run")))
            }
            guard step.node["uses"]?.string?.lowercased().hasPrefix("actions/download-artifact") == true,
                let runID = step.node["with"]?["run-id"], runID.string?.normalisedExpression.contains("workflow_run") == true
            else { continue }
            let name = step.node["with"]?["name"]?.string.map { " `\($0)`" } ?? "s"
            return Taint(
                source: "artifact\(name) of the triggering run", sink: "a file the agent reads (`actions/download-artifact`)",
                line: runID.position.line, rank: 3, path: step.path.appending(.key("with")).appending(.key("run-id")))
        }
        return nil
    }
}
