import GooseAuditCore
import StructuredText

/// `desktop_roam_enabled`: the Desktop backend reachable peer to peer.
extension ServerChecks {
    static let roamEnabled = SettingCheck(
        descriptor: CheckDescriptor(
            id: "desktop_roam_enabled", title: "Desktop backend reachable peer to peer",
            summary: "Reports Desktop `settings.json` with `roamEnabled: true`.",
            rationale: """
                Roam makes the local goose backend reachable from other devices; together with the shared server key \
                it widens who can drive the agent from the local machine to whatever can join the roam network.
                """,
            remediation: "Turn roam off unless remote access is intended, and then protect the backend with TLS and a strong key.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: [.desktopSettings],
            references: ["CWE-668", docs],
            examples: [
                CheckExample(
                    "roam on", .fail, role: .path,
                    files: [.file(".config/Goose/settings.json", "{\n  \"theme\": \"dark\",\n  \"roamEnabled\": true\n}\n")],
                    expected: [".config/Goose/settings.json:3#roamEnabled"]),
                CheckExample("roam off", .pass, role: .path, files: [.file(".config/Goose/settings.json", "{\"roamEnabled\": false}\n")]),
            ]),
        subjects: [],
        inspectFile: { target in
            guard let root = DesktopSettings(target)?.root, let pair = root.pair("roamEnabled"), pair.value.scalar?.truthy == true else {
                return []
            }
            return [
                Problem(
                    setting: .at(pair.value, [.key("roamEnabled")], in: target.artifact),
                    message: "roam makes the local goose backend reachable from other devices", evidence: "roamEnabled: true")
            ]
        })
}
