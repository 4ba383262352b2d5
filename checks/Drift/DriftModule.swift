import GooseAuditCore
import StructuredText

/// Drift between recorded runs (periodic audits): each change is a finding of its own. One file per check
/// (`Drift….swift`) holds its descriptor, examples and comparison; `DriftCheck` and `DriftSnapshot` are shared.
public enum DriftModule: CheckModule {
    public static let name = "drift"

    static let configKinds: Set<ArtifactKind> = [.config, .systemConfig, .additionalConfig]
    static let rationale =
        "Periodic audits exist to notice change: an extension, a mode or a rule that changed between two runs is the first sign of tampering, a compromised package or a teammate's unreviewed edit."
    static let base =
        "extensions:\n  github:\n    type: stdio\n    cmd: github-mcp-server\n    args: [stdio]\n    env_keys: [GITHUB_TOKEN]\n"
    static let baseSnapshot = DriftFacts([
        DriftKey(.mode, file: "goose:config/config.yaml"): "approve",
        DriftKey(.extension, file: "goose:config/config.yaml", name: "github"): ExtensionFacts(
            (try? StructuredReader.yaml(base).get().root?["extensions"]?["github"])
                ?? .scalar(Scalar(value: "", position: Position(line: 1, column: 1)))
        ).encoded,
    ])

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        [
            DriftCheck<ExtensionAdded>(), DriftCheck<ExtensionRemoved>(), DriftCheck<ExtensionChanged>(), DriftCheck<GooseModeChanged>(),
            DriftCheck<PermissionRulesChanged>(), DriftCheck<ToolFingerprintsChanged>(),
        ]
    }
}
