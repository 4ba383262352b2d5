import GooseAuditCore
import StructuredText

/// One place a CI workflow runs goose (a GitHub step, or a GitLab job) and what that agent can do.
struct GooseAgent: Sendable {
    /// An environment variable the agent sees, with the level it is set at (`workflow`, `job`, `step`).
    struct Variable: Sendable {
        var name: String
        var value: String
        var level: String
    }

    var job: Workflow.Job
    /// The GitHub step that runs goose; nil for a GitLab job.
    var step: Workflow.Step?
    /// The steps of the job up to and including the agent's (GitHub), for files written before goose starts.
    var earlierSteps: [Workflow.Step]
    /// The node a finding points at (`run:`, `uses:`, `script:`) and its key path.
    var anchor: Node
    var path: KeyPath
    /// The agent step's script (GitLab: `before_script` and `script`).
    var script: String
    /// How goose starts: `goose run`, `uses: owner/action`, `image: …`.
    var how: String
    /// The effective `GOOSE_MODE`; nil when unset (goose then runs in auto mode).
    var mode: String?
    /// Extensions enabled on the command line, in a recipe the job writes, or by a goose action.
    var extensions: [String]
    var recipe: String?
    var provider: String?
    var environment: [Variable]

    /// Extensions that run commands, edit files or drive the desktop.
    static let executingExtensions: Set<String> = ["developer", "computercontroller", "computer_controller", "action tools"]

    /// Whether every tool call runs without a person approving it.
    var autoMode: Bool { mode.map { $0 == "auto" || $0.contains("${{") || $0.hasPrefix("$") } ?? true }
    /// The executing extension the agent has, if one is known.
    var executingExtension: String? {
        extensions.first { Self.executingExtensions.contains($0) || $0.hasPrefix("stdio ") }
    }
    /// Whether the extensions are unknown (taken from the runner's goose configuration).
    var extensionsUnknown: Bool { extensions.isEmpty }
    /// Whether untrusted text can make this agent run code: auto mode with an executing (or unknown) extension.
    var canExecute: Bool { autoMode && (executingExtension != nil || extensionsUnknown) }

    /// What the agent can do, for messages: "auto mode (GOOSE_MODE unset), developer".
    var capability: String {
        let modeText = mode.map { "GOOSE_MODE \($0)" } ?? "auto mode (GOOSE_MODE unset)"
        let tools = extensions.isEmpty ? "extensions from the runner's configuration" : extensions.joined(separator: ", ")
        var parts = [modeText, tools]
        if let recipe { parts.append("recipe \(recipe)") }
        if let provider { parts.append("provider \(provider)") }
        return parts.joined(separator: ", ")
    }

    // MARK: recognising goose

    /// Actions that run or install the goose agent (not pressly/goose, the database migration tool).
    static func isGooseAction(_ uses: String) -> Bool {
        let name = uses.lowercased().split(separator: "@").first.map(String.init) ?? ""
        if name.hasPrefix("block/goose") || name.hasPrefix("aaif-goose/") { return true }
        let known = ["clouatre-labs/setup-goose-action", "michaelneale/goose-fix-it-action", "takutakahashi/goose-action"]
        return known.contains(name) || (name.contains("goose-action") && !name.hasPrefix("mscno/") && !name.hasPrefix("pressly/"))
    }

    /// Container images of the goose agent.
    static func isGooseImage(_ image: String) -> Bool {
        let lower = image.lowercased()
        return lower.contains("block/goose") || lower.contains("aaif-goose/goose") || lower.contains("/goose-cli")
    }

    /// A goose subcommand that starts the agent (`goose up` belongs to the migration tool and is ignored).
    static func callsGoose(_ line: some StringProtocol) -> Bool {
        let lower = line.lowercased()
        return ["goose run", "goose session", "goose recipe", "goose-cli run"].contains { lower.contains($0) }
    }

    /// A line that installs goose (the official installer, a release download, the Homebrew cask).
    static func installsGoose(_ line: some StringProtocol) -> Bool {
        let lower = line.lowercased()
        return lower.contains("download_cli.sh") || lower.contains("block/goose/releases") || lower.contains("aaif-goose/goose/releases")
            || lower.contains("block-goose-cli")
    }

    // MARK: reading capabilities

    /// The word after `key` followed by `=`, `:` or blanks and optional quotes (`GOOSE_MODE=auto`, `--provider openai`).
    static func value(after key: String, in text: String) -> String? {
        guard let range = text.range(of: key, options: .caseInsensitive) else { return nil }
        let rest = text[range.upperBound...].drop { " =:\"'\t".contains($0) }
        let word = rest.prefix { !" \"'\n\t,;)".contains($0) }
        return word.isEmpty ? nil : String(word)
    }

    /// A `GOOSE_MODE` a script sets (`export GOOSE_MODE=auto`, `GOOSE_MODE: approve` in a config it writes).
    static func mode(in script: String) -> String? {
        let modes: Set<String> = ["auto", "approve", "smart_approve", "chat"]
        for line in script.split(separator: "\n") where line.contains("GOOSE_MODE=") || line.contains("GOOSE_MODE:") {
            if let word = value(after: "GOOSE_MODE", in: String(line)), modes.contains(word.lowercased()) || word.hasPrefix("$") {
                return word
            }
        }
        return nil
    }

    /// The program of a `--with-extension "KEY=value cmd args"` argument; the `KEY=value` words (often
    /// credentials) are skipped so that they never reach a message.
    static func extensionCommand(in line: String) -> String? {
        guard let range = line.range(of: "--with-extension") else { return nil }
        let words = line[range.upperBound...].split { $0 == " " || $0 == "\"" || $0 == "'" }
        let command = words.first { !$0.contains("=") }
        return command.map { String($0.prefix(64)) }
    }

    /// Extensions named in a script: `--with-builtin a,b`, `--with-extension "cmd …"`, recipe `extensions:` entries.
    static func extensions(in script: String) -> [String] {
        var found: [String] = []
        for line in script.split(separator: "\n") {
            let lower = String(line.lowercased())
            var rest = Substring(lower)
            while let range = rest.range(of: "--with-builtin") {
                if let names = value(after: "--with-builtin", in: String(rest[range.lowerBound...])) {
                    found += names.split(separator: ",").map(String.init)
                }
                rest = rest[range.upperBound...]
            }
            if let command = extensionCommand(in: lower) { found.append("stdio \(command)") }
            if lower.contains("--with-streamable-http-extension") || lower.contains("--with-remote-extension") { found.append("remote") }
            let trimmed = lower.trimmingPrefix(while: \.isWhitespace)
            for name in ["developer", "computercontroller"] where trimmed.hasPrefix("name: \(name)") || trimmed.hasPrefix("- name: \(name)")
            {
                found.append(name)
            }
            if trimmed.hasPrefix("type: stdio") || trimmed.hasPrefix("- type: stdio") { found.append("stdio (recipe)") }
        }
        var seen: Set<String> = []
        return found.filter { seen.insert($0).inserted }
    }
}

extension Workflow {
    /// Every place the workflow runs goose: worked out once per workflow file and shared by every
    /// check that asks (the agent, gate, secret-scope and CODEOWNERS checks).
    var agents: [GooseAgent] { target.memo(Self.agentsMemo) { isGitLab ? gitLabAgents : gitHubAgents } }

    /// The key of the agents in the workflow file's memo.
    static let agentsMemo = "workflows:agents"

    private func variables(_ node: Node?, level: String) -> [GooseAgent.Variable] {
        (node?.pairs ?? []).map { GooseAgent.Variable(name: $0.key.value, value: $0.value.string ?? "", level: level) }
    }

    private var gitHubAgents: [GooseAgent] {
        jobs.flatMap { job -> [GooseAgent] in
            let steps = steps(of: job)
            let container = job.node["container"]?.string ?? job.node["container"]?["image"]?.string ?? ""
            var agents: [GooseAgent] = []
            for (index, step) in steps.enumerated() {
                let uses = step.node["uses"]?.string
                let script = step.node["run"]?.scriptText ?? ""
                let action = uses.map(GooseAgent.isGooseAction) == true && !(uses?.lowercased().contains("setup-goose") ?? false)
                guard action || script.split(separator: "\n").contains(where: GooseAgent.callsGoose) else { continue }
                agents.append(
                    agent(job: job, step: step, earlier: Array(steps[...index]), how: action ? "uses: \(uses ?? "")" : "goose run"))
            }
            // A job that installs goose or runs in its image but starts it through a script of its own.
            let installs = steps.contains { $0.node["run"]?.scriptText.map(GooseAgent.installsGoose) ?? false }
            if agents.isEmpty, installs || GooseAgent.isGooseImage(container),
                let last = steps.lastIndex(where: { $0.node["run"] != nil && !GooseAgent.installsGoose($0.node["run"]?.scriptText ?? "") })
            {
                agents.append(
                    agent(job: job, step: steps[last], earlier: Array(steps[...last]), how: "a script of a job that installs goose"))
            }
            return agents
        }
    }

    private func agent(job: Job, step: Step, earlier: [Step], how: String) -> GooseAgent {
        let key = step.node["run"] != nil ? "run" : "uses"
        let script = step.node["run"]?.scriptText ?? ""
        let environment =
            variables(step.node["env"], level: "step") + variables(job.node["env"], level: "job")
            + variables(root["env"], level: "workflow")
        let isAction = key == "uses"
        let inputs = step.node["with"]
        let mode =
            GooseAgent.mode(in: script)
            ?? environment.first { $0.name == "GOOSE_MODE" }?.value ?? inputs?["goose_mode"]?.string ?? inputs?["mode"]?.string
        var extensions = GooseAgent.extensions(in: earlier.compactMap { $0.node["run"]?.scriptText }.joined(separator: "\n"))
        if isAction, extensions.isEmpty { extensions = ["action tools"] }
        let provider =
            GooseAgent.value(after: "--provider", in: script) ?? environment.first { $0.name == "GOOSE_PROVIDER" }?.value
            ?? inputs?["provider"]?.string
        return GooseAgent(
            job: job, step: step, earlierSteps: earlier, anchor: step.node[key] ?? step.node, path: step.path.appending(.key(key)),
            script: script, how: how, mode: mode?.lowercased(), extensions: extensions,
            recipe: GooseAgent.value(after: "--recipe", in: script) ?? inputs?["recipe"]?.string, provider: provider,
            environment: environment)
    }

    private var gitLabAgents: [GooseAgent] {
        let defaultImage = root["default"]?["image"] ?? root["image"]
        return gitLabJobs.compactMap { job -> GooseAgent? in
            let script = ["before_script", "script"].compactMap { job.node[$0]?.scriptText }.joined(separator: "\n")
            let image = job.node["image"] ?? defaultImage
            let imageName = image?.string ?? image?["name"]?.string ?? ""
            let calls = script.split(separator: "\n").contains(where: GooseAgent.callsGoose)
            guard calls || GooseAgent.isGooseImage(imageName) || script.split(separator: "\n").contains(where: GooseAgent.installsGoose),
                let anchor = job.node["script"]
            else { return nil }
            let environment = variables(job.node["variables"], level: "job") + variables(root["variables"], level: "pipeline")
            let mode = GooseAgent.mode(in: script) ?? environment.first { $0.name == "GOOSE_MODE" }?.value
            return GooseAgent(
                job: job, step: nil, earlierSteps: [], anchor: anchor, path: job.path.appending(.key("script")), script: script,
                how: calls ? "goose run" : "image: \(imageName)", mode: mode?.lowercased(), extensions: GooseAgent.extensions(in: script),
                recipe: GooseAgent.value(after: "--recipe", in: script),
                provider: GooseAgent.value(after: "--provider", in: script) ?? environment.first { $0.name == "GOOSE_PROVIDER" }?.value,
                environment: environment)
        }
    }
}
