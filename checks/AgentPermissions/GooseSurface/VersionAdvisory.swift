import GooseAuditCore

/// Installed goose releases named by a published advisory (`GooseVersionTable.advisories`).
struct VersionAdvisory: ScanCheck {
    let descriptor = CheckDescriptor(
        id: "goose_version_advisory", title: "Installed goose release has a published security problem",
        summary:
            "Reports each goose installation (CLI binary or desktop package, version read from the file) whose version falls in the affected range of an advisory in goose-audit's table.",
        rationale: """
            A fixed vulnerability stays exploitable wherever the old release is still installed. goose-audit reads \
            the version from the binaries where goose installs (`~/.local/bin/goose`, `/usr/local/bin/goose`, \
            `/usr/bin/goose`), from goose binaries and desktop `package.json` files inside scanned trees, and \
            compares it with a small table of advisories kept as data with their sources.
            """,
        remediation: "Update goose (`goose update`, or the desktop app's updater) to a release outside the affected range.",
        severity: .high, category: .permissions, kind: .hygiene, artifactKinds: [.gooseBinary, .desktopPackage],
        references: ["CWE-1104", "https://github.com/block/goose/security/advisories"],
        examples: [
            CheckExample(
                "goose 1.40.0", .fail, role: .path,
                files: [.file(".local/bin/goose", "\u{7F}ELF…goose/1.40.0\u{0}…", mode: 0o755)], expected: [".local/bin/goose#version"]),
            CheckExample("goose 1.44.0", .pass, role: .path, files: [.file(".local/bin/goose", "goose/1.44.0", mode: 0o755)]),
        ])

    func isApplicable(_ scan: ScanSnapshot) -> Bool { !scan.installedGoose.isEmpty }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let byPath = Dictionary(scan.targets.map { ($0.artifact.path, $0.artifact) }, uniquingKeysWith: { a, _ in a })
        var findings: [Finding] = []
        for installed in scan.installedGoose {
            for advisory in GooseVersionTable.shipped.advisories where advisory.range.contains(installed.version) {
                let message =
                    "goose \(installed.version) (\(installed.source.rawValue)) is affected by \(advisory.id): \(advisory.summary) (affected \(advisory.range))"
                let evidence = Evidence.fact("\(advisory.id) goose \(installed.version)")
                if let artifact = byPath[installed.path] {
                    findings.append(
                        descriptor.finding(message, at: artifact, keyPath: "version", evidence: evidence, severity: advisory.severity))
                } else {
                    findings.append(
                        Finding(
                            ruleID: descriptor.id, category: descriptor.category, severity: advisory.severity, kind: descriptor.kind,
                            title: descriptor.title, message: message,
                            location: Location(root: "goose:install", path: installed.path, keyPath: "version"),
                            fingerprintPath: "goose:install/" + installed.path, evidence: evidence,
                            remediation: descriptor.remediation + " See \(advisory.url)."))
                }
            }
        }
        return findings
    }
}
