import GooseAuditCore

/// A goose config, policy or secret file that is a symlink, graded by where it leads.
struct ConfigSymlinked: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "config_file_symlinked",
        title: "goose config or secret file is a symlink",
        summary:
            "Reports a goose config, policy or secret file that is a symbolic link, and raises the severity when the link dangles, leads to a file owned by another user, or into a directory other users can enter or write.",
        rationale: """
            goose follows the link when it reads, so the link's target is the real policy: whoever can write the \
            target or its directory controls goose. goose writes `config.yaml` through `config.tmp` and a rename, \
            which silently replaces the link with a regular file (dotfile setups drift), and a chain of links or a \
            dangling one makes writes fail. A link into a shared or world-writable directory turns a private \
            config into a shared one.
            """,
        remediation:
            "Replace the link with a regular file (`cp --remove-destination \"$(readlink -f f)\" f`), or point it only into a directory that you own and that is mode 0700.",
        severity: .medium,
        category: .filesystem,
        kind: .exposure,
        artifactKinds: [.symlink],
        references: ["CWE-59", "CWE-732"],
        examples: [
            CheckExample(
                "config.yaml linked into a world-writable directory", .fail,
                files: [
                    .directory("", mode: 0o755), .directory("shared", mode: 0o777),
                    .file("shared/config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o644),
                    .symlink("config.yaml", to: "shared/config.yaml"),
                ], expected: ["config.yaml"]),
            CheckExample(
                "dangling secrets link", .fail,
                files: [
                    .directory("", mode: 0o700), .symlink("secrets.yaml", to: "missing/secrets.yaml"),
                ], expected: ["secrets.yaml"]),
            CheckExample(
                "regular config and a symlinked non-goose file", .pass,
                files: [
                    .directory("", mode: 0o700), .file("config.yaml", "GOOSE_PROVIDER: openai\n", mode: 0o600),
                    .file("notes.txt", "hello\n", mode: 0o600), .symlink("notes-link.txt", to: "notes.txt"),
                ]),
        ],
        fixable: false)

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        let artifact = target.artifact
        let kind = Classifier.classify(relativePath: artifact.relativePath, role: artifact.root.role, type: .regular)
        guard kind.holdsSecrets || kind.isPolicy, let text = artifact.symlinkTarget else { return [] }
        let link = "symlink to \(text)"
        guard let resolved = ExposureAnalyzer.realPath(of: artifact.path) else {
            return [
                descriptor.finding(
                    "\(kind.phrase) is a dangling symlink: goose cannot read it and replaces it at the next write",
                    at: artifact, evidence: .fact("\(link), which does not exist"), severity: .medium)
            ]
        }
        let root = ExposureAnalyzer.realPath(of: artifact.root.path) ?? artifact.root.path
        var verdict = Verdict(resolved, linkOwner: artifact.metadata.uid, root: root)
        let next = text.hasPrefix("/") ? text : PathText.parent(of: artifact.path) + "/" + text
        if verdict.severity < .medium, case .success(let hop) = FileMetadata.lstat(next), hop.type == .symlink {
            verdict = Verdict(
                problem: "to another symlink: goose's writes through a chain of links fail", evidence: "\(text) is a symlink",
                severity: .medium)
        }
        return [
            descriptor.finding(
                "\(kind.phrase) is a symlink \(verdict.problem)", at: artifact, evidence: .fact("\(link); \(verdict.evidence)"),
                severity: verdict.severity)
        ]
    }

    /// What is wrong with the place a link leads to, the evidence, and how bad it is.
    struct Verdict {
        var problem: String
        var evidence: String
        var severity: Severity

        init(problem: String, evidence: String, severity: Severity) {
            self.problem = problem
            self.evidence = evidence
            self.severity = severity
        }

        /// Grades the link's real target: writable by others, replaceable through a directory, owned by
        /// someone else, in a directory others can enter, or merely a link.
        init(_ resolved: String, linkOwner: UInt32, root: String) {
            let analyzer = ExposureAnalyzer()
            let shown = PathText.display(resolved, root: root)
            guard let state = analyzer.state(of: resolved) else {
                self.init(problem: "to a file that cannot be examined", evidence: shown, severity: .low)
                return
            }
            let exposure = analyzer.exposure(of: resolved, state: state)
            let writers = GrantSelection(exposure, rights: .write)
            let parent = PathText.parent(of: resolved)
            let parentGrants = analyzer.state(of: parent).map { analyzer.exposure(of: parent, state: $0).reachableGrants } ?? []
            if !writers.live.isEmpty {
                self.init(problem: "to a file writable by \(writers.who)", evidence: "\(shown): \(writers.why)", severity: .high)
            } else if let replace = exposure.replaceableVia.first {
                self.init(
                    problem: "into a directory that \(replace.grant.principal) can write: the target can be replaced",
                    evidence: "\(PathText.display(replace.directory, root: root)): \(replace.grant.source)", severity: .high)
            } else if state.metadata.uid != linkOwner, state.metadata.uid != 0 {
                let owner = PrincipalNames.user(state.metadata.uid)
                self.init(
                    problem: "to a file owned by \(owner)",
                    evidence: "\(shown) owner \(owner), expected \(PrincipalNames.user(linkOwner))", severity: .high)
            } else if !parentGrants.isEmpty {
                self.init(
                    problem: "pointing outside an owner-only directory",
                    evidence: "\(PathText.display(parent, root: root)): \(GrantSelection.why(parentGrants))", severity: .medium)
            } else {
                self.init(
                    problem: "into an owner-only directory; goose's rename-on-write replaces the link", evidence: shown,
                    severity: .low)
            }
        }
    }
}
