import GooseAuditCore
import GooseAuditTestSupport

@testable import AgentPermissionChecks
@testable import WorkflowChecks

/// Shared helpers for the permission and workflow tests.
enum Permissions {
    static let checks: [any Check] = (try? AgentPermissionsModule.makeChecks(ModuleConfiguration())) ?? []
    static let workflowChecks: [any Check] = (try? WorkflowModule.makeChecks(ModuleConfiguration())) ?? []

    /// The check registered under `id` (in either module).
    static func check(_ id: String) -> any Check {
        guard let check = (checks + workflowChecks).first(where: { $0.descriptor.id == id }) else { preconditionFailure("no check \(id)") }
        return check
    }

    /// Lays `files` out in a fresh tree named `name` and scans it with every workflow check.
    static func scanWorkflows(_ files: [String: String], _ name: String) throws -> ScanResult {
        let tree = try FixtureTree(name)
        for (path, text) in files { try tree.file(path, text) }
        return CheckRunner.scan(workflowChecks, root: tree.root, role: .path)
    }

    /// A goose installation: a user config directory, optionally an `/etc`-style system layer and
    /// additional layers (listed in `GOOSE_ADDITIONAL_CONFIG_FILES` order), scanned with `checks`.
    static func scanInstallation(
        _ checks: [any Check], tree: FixtureTree, user: String?, system: String? = nil, additional: [String] = [],
        environment: [String: String] = [:]
    ) throws -> ScanResult {
        try tree.directory("home/.config/goose")
        if let user { try tree.file("home/.config/goose/config.yaml", user) }
        var extraRoots: [ScanRoot] = []
        if let system {
            extraRoots.append(
                ScanRoot(
                    label: "goose:system-config", path: try tree.file("etc/goose/config.yaml", system), role: .systemConfig, isFile: true))
        }
        var paths: [String] = []
        for (index, layer) in additional.enumerated() {
            let path = try tree.file("layers/layer\(index + 1).yaml", layer)
            paths.append(path)
            extraRoots.append(ScanRoot(label: "goose:additional-config[\(index + 1)]", path: path, role: .additionalConfig, isFile: true))
        }
        var env = environment
        if !paths.isEmpty { env["GOOSE_ADDITIONAL_CONFIG_FILES"] = paths.joined(separator: ":") }
        // Scan the layers in reverse so that merge order cannot come from root order.
        return CheckRunner.scan(checks, root: tree.path("home/.config/goose"), role: .config, environment: env) { options in
            options.roots = extraRoots.reversed() + options.roots
        }
    }

    /// Findings of one rule.
    static func findings(_ result: ScanResult, _ id: String) -> [Finding] {
        result.findings.filter { $0.ruleID == id }
    }
}
