import GooseAuditCore
import StructuredText

/// GA-PERM-002: `never_allow`/`ask_before` rules next to a configuration in auto mode.
struct RulesIgnoredInAuto: ScanCheck {
    let descriptor = CheckDescriptor(
        id: "permission_rules_ignored_in_auto", title: "Tool permission rules ignored in auto mode",
        summary:
            "Reports `permission.yaml` `never_allow` and `ask_before` entries beside a configuration whose effective `GOOSE_MODE` is auto (or unset).",
        rationale: """
            In auto mode goose approves every tool call without consulting `permission.yaml`, so a `never_allow` \
            entry that looks like a guard rail does nothing. The rules only hold in approve and smart_approve modes.
            """,
        remediation: "Switch `GOOSE_MODE` to `smart_approve` or `approve` if the rules must hold; otherwise know that they are inert.",
        severity: .info, category: .permissions, kind: .hygiene, artifactKinds: configKinds.union([.permissionPolicy]),
        references: [PermissionPolicyChecks.docs, "https://block.github.io/goose/docs/guides/goose-permissions"],
        examples: [
            CheckExample(
                "never_allow under auto", .fail,
                files: [
                    .file("config.yaml", "GOOSE_MODE: auto\n"),
                    .file("permission.yaml", "user:\n  never_allow: [developer__shell]\n"),
                ], expected: ["permission.yaml:2#user.never_allow"]),
            CheckExample(
                "never_allow under approve", .pass,
                files: [
                    .file("config.yaml", "GOOSE_MODE: approve\n"),
                    .file("permission.yaml", "user:\n  never_allow: [developer__shell]\n"),
                ]),
        ])

    func readsContent(of artifact: Artifact) -> Bool {
        EffectiveConfig.isLayer(artifact) || (artifact.kind == .permissionPolicy && artifact.name == "permission.yaml")
    }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let policies = scan.targets(of: [.permissionPolicy]).filter { $0.artifact.name == "permission.yaml" }
        return unique(
            EffectiveConfig.all(in: scan).flatMap { config -> [Finding] in
                let mode = config.string("GOOSE_MODE")?.lowercased() ?? "auto"
                guard mode == "auto" else { return [] }
                let directory = Self.directory(config.anchor.path)
                return policies.filter { Self.directory($0.artifact.path) == directory }.flatMap { policy in
                    ["never_allow", "ask_before"].compactMap { list -> Finding? in
                        let entries = PermissionPolicyChecks.entries(policy, list)
                        guard let first = entries.first else { return nil }
                        var setting = first.1
                        setting.keyPath = KeyPath(setting.keyPath.components.dropLast())
                        if case .file(let artifact, _) = setting.origin, let line = policy.gooseRoot?["user"]?.pair(list)?.key.position {
                            setting.origin = .file(artifact, line)
                        }
                        let tools = entries.map(\.0).joined(separator: ", ")
                        return descriptor.finding(
                            Problem(
                                setting: setting, message: "\(list) rules (\(tools)) are ignored because goose runs in auto mode",
                                evidence: "\(list) with \(entries.count) tools; GOOSE_MODE \(mode)"),
                            anchor: policy.artifact)
                    }
                }
            })
    }

    static func directory(_ path: String) -> Substring {
        path.lastIndex(of: "/").map { path[..<$0] } ?? ""
    }
}
