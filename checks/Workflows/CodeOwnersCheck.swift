import GooseAuditCore
import StructuredText

/// Whether a code owner must review changes to the workflows and to goose's configuration and recipes;
/// also says, once per scan, that branch protection cannot be seen offline.
struct CodeOwnersCheck: ArtifactCheck, ScanCheck {
    let descriptor = CheckDescriptor(
        id: "workflow_codeowners_missing", title: "Workflows and goose files not covered by CODEOWNERS",
        summary:
            "Reports repositories with CI workflows that have no `CODEOWNERS` (root, `.github/`, `docs/`, `.gitlab/`), or whose `CODEOWNERS` leaves `.github/workflows/`, `.gitlab-ci.yml` or goose's configuration, hints and recipes without an owner (last matching rule wins; a rule without owners un-owns). Medium when a workflow runs goose or publishes, low otherwise. Once per scan it adds a notice that branch protection cannot be seen offline.",
        rationale: """
            Without a code owner for `.github/workflows/` and the goose recipes, one approval from anyone with write \
            access can change what the agent is told to do or which credentials a workflow hands out, which is the \
            governance review the goose security guide asks for. Branch protection that makes code-owner review \
            required lives in the hosting service and cannot be seen in a checkout. Fix: add owners for these paths \
            and require their review on the main branch.
            """,
        remediation:
            "Add `CODEOWNERS` entries such as `/.github/workflows/ @org/security`, `/.goose/ @org/security`, `/recipes/ @org/security`, `.goosehints @org/security`, and require code-owner review in the main branch's protection rules.",
        severity: .medium, category: .workflow, kind: .hygiene, artifactKinds: WorkflowModule.kinds,
        references: [
            "CWE-284",
            "https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners",
        ],
        examples: [
            CheckExample(
                "no CODEOWNERS beside a goose workflow", .fail, role: .path,
                files: [
                    Self.gooseWorkflow
                ],
                expected: [".github/workflows/release.yml"]),
            CheckExample(
                "CODEOWNERS that misses the workflows", .fail, role: .path,
                files: [
                    Self.gooseWorkflow,
                    .file(".github/CODEOWNERS", "* @org/developers\n/.github/workflows/\n"),
                ], expected: [".github/CODEOWNERS:2"]),
            CheckExample(
                "owners for everything", .pass, role: .path,
                files: [
                    Self.gooseWorkflow,
                    .file(".goosehints", "Use the house style.\n"),
                    .file(".github/CODEOWNERS", "* @org/maintainers\n/.github/workflows/ @org/security\n.goosehints @org/security\n"),
                ]),
        ])

    /// A workflow that runs goose, for the examples.
    static let gooseWorkflow = WorkflowModule.workflow(
        "on: push\njobs:\n  goose:\n    runs-on: x\n    steps:\n      - run: goose run -t \"summarise\"\n")

    /// goose's files a repository can hold, which steer the agent.
    static let gooseKinds: Set<ArtifactKind> = [.recipe, .hints, .config, .permissionPolicy, .ignoreFile]

    /// Whether each workflow runs an agent or publishes, kept from its one read for the scan pass.
    func inspect(_ target: CheckTarget) throws -> [Finding] {
        _ = Self.isImportant(target)
        return []
    }

    /// The CODEOWNERS files are read again in the scan pass (kept, not read twice).
    func readsContent(of artifact: Artifact) -> Bool { artifact.name == "CODEOWNERS" }

    /// A workflow that runs an agent or publishes something (worth a code owner's review), derived once.
    static func isImportant(_ target: CheckTarget) -> Bool {
        target.keep("workflow-codeowners:important") {
            guard let workflow = Workflow(target) else { return false }
            return !workflow.agents.isEmpty || workflow.steps.contains(where: Publishing.publishes)
        }
    }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let workflows = scan.targets(of: WorkflowModule.kinds)
        guard let first = workflows.first else { return [] }
        first.reportOnce(
            "branch-protection",
            Notice(
                kind: .other, path: Self.repository(of: first.artifact) ?? first.artifact.path,
                message:
                    "branch protection, required reviews and environment reviewers live in the hosting service and cannot be seen offline; check that the main branch requires code-owner review"
            ))
        var byRepository: [String: [CheckTarget]] = [:]
        for target in workflows { if let root = Self.repository(of: target.artifact) { byRepository[root, default: []].append(target) } }
        return byRepository.keys.sorted().compactMap { root in
            let targets = byRepository[root] ?? []
            let owned =
                targets.map { Self.relative($0.artifact.path, to: root) }
                + scan.targets(of: Self.gooseKinds).map(\.artifact.path).filter { $0.hasPrefix(root + "/") }.map {
                    Self.relative($0, to: root)
                }
            let important = targets.contains(where: Self.isImportant)
            let severity: Severity = important ? .medium : .low
            let candidates = ["/.github/CODEOWNERS", "/CODEOWNERS", "/docs/CODEOWNERS", "/.gitlab/CODEOWNERS"].map { root + $0 }
            guard let file = candidates.lazy.compactMap({ path in scan.targets.first { $0.artifact.path == path } }).first else {
                return descriptor.finding(
                    "no CODEOWNERS file: changes to \(owned.count == 1 ? "`\(owned[0])`" : "the workflows and goose files") need no owner's review",
                    at: targets[0].artifact, evidence: .fact("no CODEOWNERS"), severity: severity)
            }
            let rules = CodeOwners(file.content?.text ?? "")
            let uncovered = owned.filter { !rules.owns($0) }
            guard !uncovered.isEmpty else { return nil }
            let listed =
                uncovered.prefix(5).map { "`\($0)`" }.joined(separator: ", ")
                + (uncovered.count > 5 ? " and \(uncovered.count - 5) more" : "")
            return descriptor.finding(
                "CODEOWNERS assigns no owner to \(listed)", at: file.artifact, line: rules.rule(for: uncovered[0])?.line,
                evidence: .fact("unowned: \(uncovered.count) path(s)"),
                severity: severity)
        }
    }

    /// The repository root of a workflow file (`<root>/.github/workflows/x.yml`, `<root>/.gitlab-ci.yml`).
    static func repository(of artifact: Artifact) -> String? {
        let parts = artifact.path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count >= 4, parts[parts.count - 2] == "workflows", parts[parts.count - 3] == ".github" {
            return parts.dropLast(3).joined(separator: "/")
        }
        if artifact.name == ".gitlab-ci.yml" { return parts.dropLast().joined(separator: "/") }
        return nil
    }

    static func relative(_ path: String, to root: String) -> String { String(path.dropFirst(root.count + 1)) }
}

/// The rules of a CODEOWNERS file, matched as GitHub does (gitignore-style patterns, last match wins).
struct CodeOwners {
    var rules: [(pattern: String, owned: Bool, line: Int)] = []

    init(_ text: String) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let pattern = words.first, !pattern.hasPrefix("#") else { continue }
            let owners = words.dropFirst().prefix { !$0.hasPrefix("#") }
            rules.append((String(pattern), !owners.isEmpty, index + 1))
        }
    }

    /// The last rule matching `path` (the one GitHub applies).
    func rule(for path: String) -> (pattern: String, owned: Bool, line: Int)? {
        rules.last { Self.matches($0.pattern, path) }
    }

    /// Whether the last rule matching `path` names an owner.
    func owns(_ path: String) -> Bool { rule(for: path)?.owned ?? false }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        // Bounded work on hostile files: long or star-heavy patterns match nothing.
        guard pattern.count <= 256, pattern.filter({ $0 == "*" }).count <= 8 else { return false }
        var body = Substring(pattern)
        let anchored = body.hasPrefix("/")
        if anchored { body = body.dropFirst() }
        if body.hasSuffix("/") { body = body.dropLast() }
        let floating = !anchored && !body.contains("/")
        let parts = path.split(separator: "/")
        let candidates = floating ? (0..<parts.count).map { parts[$0...].joined(separator: "/") } : [path]
        return candidates.contains { glob(Array(body), Array($0)) || glob(Array(body + "/**"), Array($0)) }
    }

    /// `*` and `?` stay within a path segment; `**` crosses segments.
    static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        if head == "*" {
            if pattern.count > 1, pattern[1] == "*" {
                let rest = Array(pattern.dropFirst(2).drop { $0 == "/" })
                return (0...text.count).contains { glob(rest, Array(text[$0...])) }
            }
            let rest = Array(pattern.dropFirst())
            for index in 0...text.count {
                if glob(rest, Array(text[index...])) { return true }
                if index < text.count, text[index] == "/" { break }
            }
            return false
        }
        guard let first = text.first, head == "?" ? first != "/" : head == first else { return false }
        return glob(Array(pattern.dropFirst()), Array(text.dropFirst()))
    }
}
