import GooseAuditCore
import StructuredText

/// One drift check: compares one family of snapshot keys with the last recorded run.
struct DriftCheck: Check {
    enum Family: String {
        case extensionAdded, extensionRemoved, extensionChanged, mode, permissions, toolFingerprints
    }

    let family: Family
    let descriptor: CheckDescriptor

    /// Without an earlier recorded run there is nothing to compare with.
    func isApplicable(_ scan: ScanSnapshot) -> Bool { scan.context.options.previousDrift != nil }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        let current = scan.shared.memo("drift-snapshot") { DriftSnapshot.build(scan) }
        scan.shared.publish(current.reduce(into: [:]) { $0["drift:" + $1.key] = $1.value })
        guard let previous = scan.context.options.previousDrift else { return [] }
        let byLocation = Dictionary(scan.targets.map { ("\($0.artifact.root.label)/\($0.artifact.displayPath)", $0.artifact) }, uniquingKeysWith: { a, _ in a })
        var findings: [Finding] = []

        func report(_ key: String, _ message: String, evidence: String) {
            // Key form: `<family>:<root>/<path>[:<name>]`; locate the file if it is still there.
            let body = key.drop { $0 != ":" }.dropFirst()
            let location = family.isExtension ? String(body[..<(body.lastIndex(of: ":") ?? body.endIndex)]) : String(body)
            let name = family.isExtension ? body.lastIndex(of: ":").map { String(body[body.index(after: $0)...]) } : nil
            let keyPath = name.map { "extensions.\($0)" }
            if let artifact = byLocation[location] {
                findings.append(descriptor.finding(message, at: artifact, keyPath: keyPath, evidence: .fact(evidence)))
            } else {
                let slash = location.firstIndex(of: "/") ?? location.endIndex
                let root = String(location[..<slash])
                let path = slash < location.endIndex ? String(location[location.index(after: slash)...]) : ""
                findings.append(Finding(
                    ruleID: descriptor.id, category: descriptor.category, severity: descriptor.severity, kind: descriptor.kind,
                    title: descriptor.title, message: message, location: Location(root: root, path: path, keyPath: keyPath),
                    fingerprintPath: location, evidence: .fact(evidence), remediation: descriptor.remediation))
            }
        }

        let prefix = family.keyPrefix
        let oldKeys = Set(previous.keys.filter { $0.hasPrefix(prefix) })
        let newKeys = Set(current.keys.filter { $0.hasPrefix(prefix) })
        switch family {
        case .extensionAdded:
            for key in newKeys.subtracting(oldKeys).sorted() {
                let facts = ExtensionFacts(encoded: current[key]!)
                report(key, "extension \(key.split(separator: ":").last!) was added since the last recorded run", evidence: "type \(facts?.type ?? "?")")
            }
        case .extensionRemoved:
            for key in oldKeys.subtracting(newKeys).sorted() {
                report(key, "extension \(key.split(separator: ":").last!) was removed since the last recorded run", evidence: "removed")
            }
        case .extensionChanged:
            for key in newKeys.intersection(oldKeys).sorted() where current[key] != previous[key] {
                guard let new = ExtensionFacts(encoded: current[key]!), let old = ExtensionFacts(encoded: previous[key]!) else { continue }
                let changes = new.changes(from: old)
                guard !changes.isEmpty else { continue }
                report(key, "extension \(key.split(separator: ":").last!) changed since the last recorded run: \(changes.joined(separator: "; "))", evidence: current[key]!)
            }
        case .mode:
            for key in newKeys.intersection(oldKeys).sorted() where current[key] != previous[key] {
                report(key, "GOOSE_MODE changed from \(previous[key]!) to \(current[key]!) since the last recorded run", evidence: "\(previous[key]!) → \(current[key]!)")
            }
        case .permissions, .toolFingerprints:
            for key in newKeys.union(oldKeys).sorted() where current[key] != previous[key] {
                let what = current[key] == nil ? "was removed" : (previous[key] == nil ? "appeared" : "changed")
                report(key, "\(family == .permissions ? "permission rules" : "tool fingerprint file") \(what) since the last recorded run", evidence: "digest \(String((current[key] ?? "none").prefix(12)))")
            }
        }
        return findings
    }
}

extension DriftCheck.Family {
    var isExtension: Bool { self == .extensionAdded || self == .extensionRemoved || self == .extensionChanged }

    var keyPrefix: String {
        switch self {
        case .extensionAdded, .extensionRemoved, .extensionChanged: "extension:"
        case .mode: "mode:"
        case .permissions: "permissions:"
        case .toolFingerprints: "tool-fingerprint:"
        }
    }
}

/// Drift between recorded runs (periodic audits): each change is a finding of its own.
public enum DriftModule: CheckModule {
    public static let name = "drift"

    static let configKinds: Set<ArtifactKind> = [.config, .systemConfig, .additionalConfig]
    static let rationale = "Periodic audits exist to notice change: an extension, a mode or a rule that changed between two runs is the first sign of tampering, a compromised package or a teammate's unreviewed edit."
    static let base = "extensions:\n  github:\n    type: stdio\n    cmd: github-mcp-server\n    args: [stdio]\n    env_keys: [GITHUB_TOKEN]\n"
    static let baseSnapshot = [
        "mode:goose:config/config.yaml": "approve",
        "extension:goose:config/config.yaml:github": ExtensionFacts(
            (try? StructuredReader.yaml(base).get().root?["extensions"]?["github"]) ?? .scalar(Scalar(value: "", position: Position(line: 1, column: 1)))).encoded,
    ]

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        [
            DriftCheck(family: .extensionAdded, descriptor: CheckDescriptor(
                id: "drift_extension_added", title: "Extension added since the last recorded run",
                summary: "Reports an extension present in a config layer now that was not there at the last recorded run.",
                rationale: rationale, remediation: "Confirm who added the extension and why; remove it if it was not reviewed.",
                severity: .medium, category: .drift, kind: .configuration, artifactKinds: configKinds,
                references: ["CWE-494"],
                examples: [
                    CheckExample("a new extension", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base + "  evil:\n    type: stdio\n    cmd: npx\n")], expected: ["config.yaml#extensions.evil"], previousDrift: baseSnapshot),
                    CheckExample("nothing new", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot),
                ])),
            DriftCheck(family: .extensionRemoved, descriptor: CheckDescriptor(
                id: "drift_extension_removed", title: "Extension removed since the last recorded run",
                summary: "Reports an extension recorded at the last run that is gone now.",
                rationale: rationale, remediation: "Confirm the removal was intended.",
                severity: .info, category: .drift, kind: .hygiene, artifactKinds: configKinds,
                examples: [
                    CheckExample("extension gone", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\nextensions: {}\n")], expected: ["config.yaml#extensions.github"], previousDrift: baseSnapshot),
                    CheckExample("still there", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot),
                ])),
            DriftCheck(family: .extensionChanged, descriptor: CheckDescriptor(
                id: "drift_extension_changed", title: "Extension definition changed since the last recorded run",
                summary: "Reports an extension whose command, arguments, URI, env keys, type or enabled flag changed.",
                rationale: rationale, remediation: "Review the new definition; a changed command or package is how a trusted extension is swapped for another.",
                severity: .medium, category: .drift, kind: .configuration, artifactKinds: configKinds,
                references: ["CWE-494"],
                examples: [
                    CheckExample("command swapped", .fail, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base.replacingOccurrences(of: "github-mcp-server", with: "/tmp/x"))], expected: ["config.yaml#extensions.github"], previousDrift: baseSnapshot),
                    CheckExample("unchanged", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot),
                ])),
            DriftCheck(family: .mode, descriptor: CheckDescriptor(
                id: "drift_goose_mode_changed", title: "GOOSE_MODE changed since the last recorded run",
                summary: "Reports a config layer whose GOOSE_MODE differs from the last recorded run.",
                rationale: rationale, remediation: "Confirm the new mode; `auto` approves every tool call.",
                severity: .medium, category: .drift, kind: .configuration, artifactKinds: configKinds,
                examples: [
                    CheckExample("approve to auto", .fail, files: [.file("config.yaml", "GOOSE_MODE: auto\n" + base)], expected: ["config.yaml"], previousDrift: baseSnapshot),
                    CheckExample("same mode", .pass, files: [.file("config.yaml", "GOOSE_MODE: approve\n" + base)], previousDrift: baseSnapshot),
                ])),
            DriftCheck(family: .permissions, descriptor: CheckDescriptor(
                id: "drift_permission_rules_changed", title: "Tool permission rules changed since the last recorded run",
                summary: "Reports a permission.yaml that changed, appeared or disappeared since the last recorded run.",
                rationale: rationale, remediation: "Review the new always_allow / never_allow lists.",
                severity: .medium, category: .drift, kind: .configuration, artifactKinds: [.permissionPolicy],
                examples: [
                    CheckExample("rules edited", .fail, files: [.file("permission.yaml", "user:\n  always_allow: [developer__shell]\n")], expected: ["permission.yaml"], previousDrift: ["permissions:goose:config/permission.yaml": Digest.sha256Hex("user:\n  ask_before: [developer__shell]\n")]),
                    CheckExample("rules unchanged", .pass, files: [.file("permission.yaml", "user:\n  ask_before: [developer__shell]\n")], previousDrift: ["permissions:goose:config/permission.yaml": Digest.sha256Hex("user:\n  ask_before: [developer__shell]\n")]),
                ])),
            DriftCheck(family: .toolFingerprints, descriptor: CheckDescriptor(
                id: "drift_tool_fingerprints_changed", title: "goose tool fingerprints changed since the last recorded run",
                summary: "Reports a file under `<data>/security/tool_fingerprints/` that changed since the last recorded run.",
                rationale: rationale + " goose fingerprints the tools extensions announce; a changed fingerprint means a tool's description or schema changed (a rug pull shows up exactly so).",
                remediation: "Find which extension's tools changed and review the new tool descriptions before trusting them.",
                severity: .medium, category: .drift, kind: .configuration, artifactKinds: [.toolFingerprint],
                examples: [
                    CheckExample("fingerprint changed", .fail, role: .data, files: [.file("security/tool_fingerprints/dev.json", "{\"a\": 2}\n")], expected: ["security/tool_fingerprints/dev.json"], previousDrift: ["tool-fingerprint:goose:data/security/tool_fingerprints/dev.json": Digest.sha256Hex("{\"a\": 1}\n")]),
                    CheckExample("fingerprint unchanged", .pass, role: .data, files: [.file("security/tool_fingerprints/dev.json", "{\"a\": 1}\n")], previousDrift: ["tool-fingerprint:goose:data/security/tool_fingerprints/dev.json": Digest.sha256Hex("{\"a\": 1}\n")]),
                ])),
        ]
    }
}
