import GooseAuditCore
import StructuredText

/// One drift check: compares one family of drift facts with the last recorded run.
struct DriftCheck: ScanCheck {
    enum Family: String {
        case extensionAdded, extensionRemoved, extensionChanged, mode, permissions, toolFingerprints
    }

    let family: Family
    let descriptor: CheckDescriptor

    /// Without an earlier recorded run there is nothing to compare with.
    func isApplicable(_ scan: ScanSnapshot) -> Bool { scan.context.options.previousDrift != nil }

    func readsContent(of artifact: Artifact) -> Bool { DriftSnapshot.reads(artifact) }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let current = scan.shared.memo("drift-snapshot") { DriftSnapshot.build(scan) }
        scan.shared.publish(current.facts)
        guard let previous = scan.context.options.previousDrift else { return [] }
        var findings: [Finding] = []

        func report(_ key: DriftKey, _ message: String, evidence: String) {
            let keyPath = key.name.map { "extensions.\($0)" }
            if let artifact = current.artifacts[key.file] {
                findings.append(descriptor.finding(message, at: artifact, keyPath: keyPath, evidence: .fact(evidence)))
                return
            }
            // The file is gone since the recorded run: name it as the recorded run did.
            let slash = key.file.firstIndex(of: "/") ?? key.file.endIndex
            let root = String(key.file[..<slash])
            let path = slash < key.file.endIndex ? String(key.file[key.file.index(after: slash)...]) : ""
            findings.append(
                Finding(
                    ruleID: descriptor.id, category: descriptor.category, severity: descriptor.severity, kind: descriptor.kind,
                    title: descriptor.title, message: message, location: Location(root: root, path: path, keyPath: keyPath),
                    fingerprintPath: key.file, evidence: .fact(evidence), remediation: descriptor.remediation))
        }

        let now = current.facts
        let oldKeys = previous.keys(of: family.factFamily)
        let newKeys = now.keys(of: family.factFamily)
        let name = { (key: DriftKey) in key.name ?? "?" }
        switch family {
        case .extensionAdded:
            for key in newKeys.subtracting(oldKeys).sorted() {
                let facts = ExtensionFacts(encoded: now[key]!)
                report(key, "extension \(name(key)) was added since the last recorded run", evidence: "type \(facts?.type ?? "?")")
            }
        case .extensionRemoved:
            for key in oldKeys.subtracting(newKeys).sorted() {
                report(key, "extension \(name(key)) was removed since the last recorded run", evidence: "removed")
            }
        case .extensionChanged:
            for key in newKeys.intersection(oldKeys).sorted() where now[key] != previous[key] {
                guard let new = ExtensionFacts(encoded: now[key]!), let old = ExtensionFacts(encoded: previous[key]!) else { continue }
                let changes = new.changes(from: old)
                guard !changes.isEmpty else { continue }
                let message = "extension \(name(key)) changed since the last recorded run: \(changes.joined(separator: "; "))"
                report(key, message, evidence: now[key]!)
            }
        case .mode:
            for key in newKeys.intersection(oldKeys).sorted() where now[key] != previous[key] {
                let message = "GOOSE_MODE changed from \(previous[key]!) to \(now[key]!) since the last recorded run"
                report(key, message, evidence: "\(previous[key]!) → \(now[key]!)")
            }
        case .permissions, .toolFingerprints:
            for key in newKeys.union(oldKeys).sorted() where now[key] != previous[key] {
                let what = now[key] == nil ? "was removed" : (previous[key] == nil ? "appeared" : "changed")
                let subject = family == .permissions ? "permission rules" : "tool fingerprint file"
                report(key, "\(subject) \(what) since the last recorded run", evidence: "digest \(String((now[key] ?? "none").prefix(12)))")
            }
        }
        return findings
    }
}

extension DriftCheck.Family {
    /// The family of drift facts the check compares.
    var factFamily: DriftKey.Family {
        switch self {
        case .extensionAdded, .extensionRemoved, .extensionChanged: .extension
        case .mode: .mode
        case .permissions: .permissions
        case .toolFingerprints: .toolFingerprint
        }
    }
}

/// Drift between recorded runs (periodic audits): each change is a finding of its own.
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
            DriftCheck(
                family: .extensionAdded,
                descriptor: CheckDescriptor(
                    id: "drift_extension_added", title: "Extension added since the last recorded run",
                    summary: "Reports an extension present in a config layer now that was not there at the last recorded run.",
                    rationale: rationale, remediation: "Confirm who added the extension and why; remove it if it was not reviewed.",
                    severity: .medium, category: .drift, kind: .configuration, artifactKinds: configKinds,
                    references: ["CWE-494"],
                    examples: [
                        CheckExample(
                            "a new extension", .fail,
                            files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base + "  evil:\n    type: stdio\n    cmd: npx\n")],
                            expected: ["config.yaml#extensions.evil"], previousDrift: baseSnapshot),
                        CheckExample(
                            "nothing new", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot
                        ),
                    ])),
            DriftCheck(
                family: .extensionRemoved,
                descriptor: CheckDescriptor(
                    id: "drift_extension_removed", title: "Extension removed since the last recorded run",
                    summary: "Reports an extension recorded at the last run that is gone now.",
                    rationale: rationale, remediation: "Confirm the removal was intended.",
                    severity: .info, category: .drift, kind: .hygiene, artifactKinds: configKinds,
                    examples: [
                        CheckExample(
                            "extension gone", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\nextensions: {}\n")],
                            expected: ["config.yaml#extensions.github"], previousDrift: baseSnapshot),
                        CheckExample(
                            "still there", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot
                        ),
                    ])),
            DriftCheck(
                family: .extensionChanged,
                descriptor: CheckDescriptor(
                    id: "drift_extension_changed", title: "Extension definition changed since the last recorded run",
                    summary: "Reports an extension whose command, arguments, URI, env keys, type or enabled flag changed.",
                    rationale: rationale,
                    remediation:
                        "Review the new definition; a changed command or package is how a trusted extension is swapped for another.",
                    severity: .medium, category: .drift, kind: .configuration, artifactKinds: configKinds,
                    references: ["CWE-494"],
                    examples: [
                        CheckExample(
                            "command swapped", .fail,
                            files: [
                                .file(
                                    "config.yaml",
                                    "GOOSE_MODE: approve\n" + base.replacingOccurrences(of: "github-mcp-server", with: "/tmp/x"))
                            ], expected: ["config.yaml#extensions.github"], previousDrift: baseSnapshot),
                        CheckExample(
                            "unchanged", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot),
                    ])),
            DriftCheck(
                family: .mode,
                descriptor: CheckDescriptor(
                    id: "drift_goose_mode_changed", title: "GOOSE_MODE changed since the last recorded run",
                    summary: "Reports a config layer whose GOOSE_MODE differs from the last recorded run.",
                    rationale: rationale, remediation: "Confirm the new mode; `auto` approves every tool call.",
                    severity: .medium, category: .drift, kind: .configuration, artifactKinds: configKinds,
                    examples: [
                        CheckExample(
                            "approve to auto", .fail, files: [.file("config.yaml", "GOOSE_MODE: auto\n" + base)], expected: ["config.yaml"],
                            previousDrift: baseSnapshot),
                        CheckExample(
                            "same mode", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot),
                    ])),
            DriftCheck(
                family: .permissions,
                descriptor: CheckDescriptor(
                    id: "drift_permission_rules_changed", title: "Tool permission rules changed since the last recorded run",
                    summary: "Reports a permission.yaml that changed, appeared or disappeared since the last recorded run.",
                    rationale: rationale, remediation: "Review the new always_allow / never_allow lists.",
                    severity: .medium, category: .drift, kind: .configuration, artifactKinds: [.permissionPolicy],
                    examples: [
                        CheckExample(
                            "rules edited", .fail, files: [.file("permission.yaml", "user:\n  always_allow: [developer__shell]\n")],
                            expected: ["permission.yaml"],
                            previousDrift: DriftFacts([
                                DriftKey(.permissions, file: "goose:config/permission.yaml"): Digest.sha256Hex(
                                    "user:\n  ask_before: [developer__shell]\n")
                            ])),
                        CheckExample(
                            "rules unchanged", .pass, files: [.file("permission.yaml", "user:\n  ask_before: [developer__shell]\n")],
                            previousDrift: DriftFacts([
                                DriftKey(.permissions, file: "goose:config/permission.yaml"): Digest.sha256Hex(
                                    "user:\n  ask_before: [developer__shell]\n")
                            ])),
                    ])),
            DriftCheck(
                family: .toolFingerprints,
                descriptor: CheckDescriptor(
                    id: "drift_tool_fingerprints_changed", title: "goose tool fingerprints changed since the last recorded run",
                    summary: "Reports a file under `<data>/security/tool_fingerprints/` that changed since the last recorded run.",
                    rationale: rationale
                        + " goose fingerprints the tools extensions announce; a changed fingerprint means a tool's description or schema changed (a rug pull shows up exactly so).",
                    remediation: "Find which extension's tools changed and review the new tool descriptions before trusting them.",
                    severity: .medium, category: .drift, kind: .configuration, artifactKinds: [.toolFingerprint],
                    examples: [
                        CheckExample(
                            "fingerprint changed", .fail, role: .data,
                            files: [.file("security/tool_fingerprints/dev.json", "{\"a\": 2}\n")],
                            expected: ["security/tool_fingerprints/dev.json"],
                            previousDrift: DriftFacts([
                                DriftKey(.toolFingerprint, file: "goose:data/security/tool_fingerprints/dev.json"): Digest.sha256Hex(
                                    "{\"a\": 1}\n")
                            ])),
                        CheckExample(
                            "fingerprint unchanged", .pass, role: .data,
                            files: [.file("security/tool_fingerprints/dev.json", "{\"a\": 1}\n")],
                            previousDrift: DriftFacts([
                                DriftKey(.toolFingerprint, file: "goose:data/security/tool_fingerprints/dev.json"): Digest.sha256Hex(
                                    "{\"a\": 1}\n")
                            ])),
                    ])),
        ]
    }
}
