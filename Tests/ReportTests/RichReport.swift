import Foundation
import GooseAuditCore
import GooseAuditReports

/// One rich report every renderer is snapshot-tested on: every severity and kind, inline and
/// baseline suppressions, notices, unicode paths, a finding without a line, secret evidence, and
/// text that needs escaping in every format. Timing fields are fixed.
enum RichReport {
    /// Fake, realistically shaped secrets, built by concatenation so no token sits in the source.
    static let anthropicKey = "sk-ant-" + "api03-" + String(repeating: "FAKEfake0123", count: 8)
    static let githubToken = "ghp_" + "FAKE" + String(repeating: "x1Y2", count: 9)
    static let secrets = [anthropicKey, githubToken]
    /// The published prefix of each secret's format: all its evidence may show of it.
    static let publicPrefixes = [anthropicKey: "sk-ant-api03-", githubToken: "ghp_"]

    static let roots = [
        ScanRoot(label: ".", path: "/srv/repo", role: .path),
        ScanRoot(label: "goose:config", path: "/home/ünï/.config/goose", role: .config),
    ]

    static let worldReadable = Exposure(
        grants: [AccessGrant(principal: .other, permission: [.read], source: "mode 0644")],
        reachableGrants: [AccessGrant(principal: .other, permission: [.read], source: "mode 0644")],
        protectedBy: nil, replaceableVia: [], hasExtendedACL: false, aclSupported: true)

    static func descriptor(_ id: String, _ title: String, _ severity: Severity, _ category: Category, _ kind: FindingKind)
        -> CheckDescriptor
    {
        CheckDescriptor(
            id: id, title: title, summary: "Reports \(title.lowercased()).", rationale: "Why \(id) matters for goose.",
            remediation: "Fix \(id) (see `goose-audit explain \(id)`).", severity: severity, category: category, kind: kind,
            artifactKinds: [.otherFile])
    }

    static let descriptors = [
        descriptor("provider_key_in_env_file", "Provider API key in an env file", .critical, .secrets, .credential),
        descriptor("secrets_file_exposed", "Plaintext secrets file readable or writable by others", .critical, .filesystem, .exposure),
        descriptor("extension_shell_unrestricted", "Extension runs shell commands | <unrestricted>", .high, .permissions, .configuration),
        descriptor("workflow_secret_echo", "Workflow prints a secret", .medium, .workflow, .configuration),
        descriptor("session_history_kept", "Session history kept without limit", .low, .cachedSecrets, .hygiene),
        descriptor("recipe_without_author", "Recipe has no author", .info, .drift, .hygiene),
        descriptor("token_in_recipe", "Token in a recipe", .high, .secrets, .credential),
        descriptor("disabled_check", "A check switched off in configuration", .low, .drift, .hygiene),
    ]

    static func finding(
        _ d: CheckDescriptor, _ message: String, root: String = ".", path: String, line: Int? = nil, column: Int? = nil,
        keyPath: String? = nil, evidence: Evidence, severity: Severity? = nil, confidence: Confidence = .high
    ) -> Finding {
        var finding = Finding(
            ruleID: d.id, category: d.category, severity: severity ?? d.severity, confidence: confidence, kind: d.kind,
            title: d.title, message: message, location: Location(root: root, path: path, line: line, column: column, keyPath: keyPath),
            fingerprintPath: path, evidence: evidence, remediation: d.remediation)
        // The artifact identity the pipeline gives a finding in a scanned file.
        let rootIndex = roots.firstIndex { $0.label == root } ?? 0
        finding.artifact = ArtifactID(index: 0, rootIndex: rootIndex, path: roots[rootIndex].path + "/" + path)
        return finding
    }

    static var findings: [Finding] {
        let d = Dictionary(uniqueKeysWithValues: descriptors.map { ($0.id, $0) })
        var key = finding(
            d["provider_key_in_env_file"]!, "anthropic API key stored in plain text", path: ".env", line: 3, column: 19,
            keyPath: "ANTHROPIC_API_KEY",
            evidence: .secret(anthropicKey, label: "ANTHROPIC_API_KEY=", publicPrefix: publicPrefixes[anthropicKey]))
        key.exposure = worldReadable
        var exposed = finding(
            d["secrets_file_exposed"]!, "secrets file is readable by other (r--)", root: "goose:config", path: "secrets.yaml",
            evidence: .fact("mode 0644"))
        exposed.exposure = worldReadable
        let shell = finding(
            d["extension_shell_unrestricted"]!, "extension `dev|shell` runs <any> command & \"asks\" nobody", root: "goose:config",
            path: "config.yaml", line: 12, column: 5, keyPath: "extensions.developer.cmd",
            evidence: .fact("cmd: sh -c '<script>alert(1)</script>'"))
        let workflow = finding(
            d["workflow_secret_echo"]!, "step echoes ${{ secrets.GOOSE_KEY }}", path: ".github/workflows/goose.yml", line: 27,
            evidence: .fact("run: echo $GOOSE_KEY"), confidence: .medium)
        let history = finding(
            d["session_history_kept"]!, "sessions are never pruned", root: "goose:config", path: "sessions/sessions.db",
            evidence: .fact("412 sessions"))
        let recipe = finding(
            d["recipe_without_author"]!, "recipe has no author field", path: "récettes/日本語 recipe.yaml", line: 1,
            evidence: .fact("author: missing"))
        var inline = finding(
            d["token_in_recipe"]!, "github token in recipe parameters", path: "recipes/demo.yaml", line: 8, column: 11,
            keyPath: "parameters.token", evidence: .secret(githubToken, label: nil, publicPrefix: publicPrefixes[githubToken]))
        inline.suppression = Suppression(source: .inline, reason: "revoked demo token, kept for the tutorial")
        var baselined = finding(
            d["secrets_file_exposed"]!, "secrets file is readable by group:staff (r--)", path: "backup/secrets.yaml",
            evidence: .fact("mode 0640"), severity: .high)
        baselined.suppression = Suppression(source: .baseline, reason: Baseline.reason)
        return [recipe, history, workflow, shell, exposed, key, inline, baselined]
    }

    static let notices = [
        Notice(kind: .parseError, path: "/srv/repo/broken.yaml", message: "line 4: mapping values are not allowed here"),
        Notice(kind: .unreadable, path: "/home/ünï/.config/goose/permission.yaml", message: "permission denied"),
    ]

    static let outcomes = [
        CheckOutcome(checkID: "disabled_check", status: .disabled, findings: 0),
        CheckOutcome(checkID: "extension_shell_unrestricted", status: .fail, findings: 1),
        CheckOutcome(checkID: "provider_key_in_env_file", status: .fail, findings: 1),
        CheckOutcome(checkID: "recipe_without_author", status: .fail, findings: 1),
        CheckOutcome(checkID: "secrets_file_exposed", status: .fail, findings: 1),
        CheckOutcome(checkID: "session_history_kept", status: .fail, findings: 1),
        CheckOutcome(checkID: "token_in_recipe", status: .pass, findings: 0),
        CheckOutcome(checkID: "unused_check", status: .notApplicable, findings: 0),
        CheckOutcome(checkID: "workflow_secret_echo", status: .fail, findings: 1),
    ]

    static var report: Report {
        Report(
            tool: ToolInfo(version: "0.1.0"), roots: roots, findings: findings, notices: notices, outcomes: outcomes,
            descriptors: descriptors, filesExamined: 42, duration: 1.234, host: host, time: Date(timeIntervalSince1970: 1_795_000_000))
    }

    /// A fixed machine, so snapshots do not depend on where the tests run.
    static let host = HostIdentity(
        hostID: "0123456789abcdef0123456789abcdef", hostName: "laptop-17", operatingSystem: "Linux 6.1.0 x86_64", user: "alice", uid: 1000)

    /// Every renderer, by snapshot file name.
    static let renderers: [(String, any ReportRenderer)] = [
        ("report.txt", TextRenderer(colour: false)),
        ("report.json", JSONRenderer()),
        ("report.sarif", SARIFRenderer()),
        ("report.junit.xml", JUnitRenderer()),
        ("report.md", MarkdownRenderer()),
        ("report.html", HTMLRenderer()),
    ]
}
