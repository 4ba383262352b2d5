import GooseAuditCore
import StructuredText

/// Settings and files that configure a protection the installed goose no longer has
/// (`GooseVersionTable.controls`: the macOS sandbox after 1.25, `.gooseignore` from 1.41).
struct RemovedControlConfigured: ScanCheck {
    static let binary = "\u{7F}ELF….goose/1.44.0\u{0}…"

    let descriptor = CheckDescriptor(
        id: "removed_control_configured", title: "Setting relies on a control this goose no longer has",
        summary:
            "Reports `GOOSE_SANDBOX*` settings, sandbox policy files and `.gooseignore` files when every goose installation found is a release that removed the control.",
        rationale: """
            goose deleted the macOS Desktop sandbox after 1.25.0 (PR #10900) and stopped reading `.gooseignore` in \
            1.41 (issue #10343). The settings still look like protection to anyone reading them, but the installed goose \
            ignores them: files an ignore list names are readable by the agent, and nothing confines the Desktop. \
            The installed version is read from goose's binaries and package metadata, never by running goose; when it \
            is unknown this check stays silent and the older checks judge the settings as if the control existed.
            """,
        remediation:
            "Remove the dead settings and put a real boundary in place: run goose in a container or VM, keep secrets out of the working tree, use `smart_approve` or `approve` mode.",
        severity: .medium, category: .permissions, kind: .configuration,
        artifactKinds: configKinds.union([.ignoreFile, .sandboxPolicy, .gooseBinary, .desktopPackage]),
        references: ["CWE-1188", "https://github.com/block/goose/pull/10900", "https://github.com/block/goose/issues/10343"],
        examples: [
            CheckExample(
                ".gooseignore on goose 1.44", .fail, role: .path,
                files: [.file(".local/bin/goose", binary, mode: 0o755), .file(".gooseignore", "**/.env*\n")],
                expected: [".gooseignore"]),
            CheckExample(
                "sandbox setting on goose 1.44", .fail, role: .path,
                files: [
                    .file(".local/bin/goose", binary, mode: 0o755),
                    .file(".config/goose/config.yaml", "GOOSE_MODE: approve\nGOOSE_SANDBOX: true\n"),
                ],
                expected: [".config/goose/config.yaml:2#GOOSE_SANDBOX"]),
            CheckExample(
                ".gooseignore on goose 1.20", .pass, role: .path,
                files: [.file(".local/bin/goose", "goose/1.20.0", mode: 0o755), .file(".gooseignore", "**/.env*\n")]),
        ])

    func isApplicable(_ scan: ScanSnapshot) -> Bool { !scan.gooseVersions.isEmpty }

    func readsContent(of artifact: Artifact) -> Bool { EffectiveConfig.isLayer(artifact) }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let versions = scan.gooseVersions
        guard let newest = versions.last, let oldest = versions.first else { return [] }
        var findings: [Finding] = []
        for control in GooseVersionTable.shipped.controls where oldest >= control.removedIn {
            let installed = versions.count == 1 ? "goose \(newest)" : "every goose found (\(versions.map(\.text).joined(separator: ", ")))"
            let tail = "but \(installed) no longer has \(control.name) (removed in \(control.removedIn)): it protects nothing"
            for config in EffectiveConfig.all(in: scan) {
                var names = Set(config.keys.filter { key in control.settingPrefixes.contains { key.hasPrefix($0) } })
                for name in config.environment?.keys ?? [:].keys where control.settingPrefixes.contains(where: name.hasPrefix) {
                    names.insert(name)
                }
                for name in names.sorted() {
                    guard let setting = config.value(name) else { continue }
                    findings.append(
                        descriptor.finding(
                            Problem(setting: setting, message: "\(name) is set, \(tail)", evidence: "\(name) on goose \(newest)"),
                            anchor: config.anchor))
                }
            }
            let kinds = Set(control.files.compactMap(ArtifactKind.init(rawValue:)))
            for target in scan.targets(of: kinds) where target.artifact.metadata.type == .regular {
                findings.append(
                    descriptor.finding(
                        "\(target.artifact.name) configures \(control.name), \(tail)", at: target.artifact,
                        evidence: .fact("\(control.id) file on goose \(newest)")))
            }
        }
        return unique(findings)
    }
}
