import Foundation
import GooseAuditCore
import StructuredText

/// `.goose-audit.yaml`: project settings for scans. Every key is optional; command-line flags win.
struct AuditConfiguration: Equatable {
    /// The file name looked for at the root of a scanned path.
    static let fileName = ".goose-audit.yaml"

    /// Where the settings came from (nil: built-in defaults).
    var source: String?
    var disabledChecks: [String] = []
    /// When not empty, only these checks run.
    var enabledChecks: [String] = []
    var severityOverrides: [String: Severity] = [:]
    var excludes: [String] = []
    /// Extra rule files, resolved against the configuration file's directory.
    var ruleFiles: [String] = []
    var failOn: Severity?
    var failOnRisk: Int?
    var maxFileSize: Int?
    /// Data bytes read at most from one cache streamed whole (logs, session stores).
    var maxCacheSize: Int?
    var inlineSuppressions: Bool?
    /// Report file modes of files git tracks in a checkout.
    var checkoutModes: Bool?
    /// The uid goose runs as (`goose_user:`, a user name or a uid).
    var gooseUser: UInt32?
    /// A baseline file, resolved against the configuration file's directory.
    var baseline: String?
    /// Reserved for run history; accepted and not yet used.
    var record: Bool?
}

/// Why a configuration file was refused: the file, the key and the reason.
struct ConfigurationError: Error, CustomStringConvertible {
    var path: String
    var line: Int?
    var key: String
    var reason: String

    var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): \(key.isEmpty ? "" : "\(key): ")\(reason)"
    }
}

/// Reads `.goose-audit.yaml` strictly: unknown keys, wrong types, unknown check ids and severities are errors.
struct ConfigurationReader {
    /// The ids of every registered check, to validate `checks` and `severity_overrides` (nil: not yet known).
    var knownChecks: Set<String>?

    func isKnown(_ id: String) -> Bool { knownChecks?.contains(id) ?? true }

    static let keys = [
        "checks", "severity_overrides", "exclude", "rules", "fail_on", "fail_on_risk", "max_file_size",
        "inline_suppressions", "checkout_modes", "baseline", "record", "max_cache_size", "goose_user",
    ]

    func load(path: String) throws -> AuditConfiguration { try parse(Self.text(path: path), path: path) }

    /// The text of the configuration file (read once per run, then parsed as often as needed).
    static func text(path: String) throws -> String {
        switch ContentReader.settingsFile(path, maxBytes: 4 << 20) {
        case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .failure(let notice): throw ConfigurationError(path: path, key: "", reason: "cannot read: \(notice.message)")
        }
    }

    func parse(_ text: String, path: String) throws -> AuditConfiguration {
        var configuration = AuditConfiguration(source: path)
        let document: StructuredDocument
        switch StructuredReader.yaml(text) {
        case .success(let parsed): document = parsed
        case .failure(let error):
            throw ConfigurationError(path: path, line: error.position?.line, key: "", reason: "not valid YAML: \(error.message)")
        }
        guard let root = document.root else { return configuration }
        if root.scalar?.isNull == true { return configuration }
        guard root.isMapping else { throw fail(path, root, "", "expected a mapping of settings") }
        let directory = (path as NSString).deletingLastPathComponent
        var seen = Set<String>()
        for pair in root.pairs {
            let key = pair.key.value
            let value = pair.value
            guard Self.keys.contains(key) else {
                throw fail(path, value, key, "unknown key; expected one of \(Self.keys.joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else { throw fail(path, value, key, "repeated key") }
            switch key {
            case "checks":
                guard value.isMapping else { throw fail(path, value, key, "expected a mapping with disable and enable") }
                for sub in value.pairs {
                    let subKey = "checks.\(sub.key.value)"
                    switch sub.key.value {
                    case "disable": configuration.disabledChecks = try checkIDs(sub.value, subKey, path)
                    case "enable": configuration.enabledChecks = try checkIDs(sub.value, subKey, path)
                    default: throw fail(path, sub.value, subKey, "unknown key; expected disable or enable")
                    }
                }
            case "severity_overrides":
                guard value.isMapping else { throw fail(path, value, key, "expected a mapping of check id to severity") }
                for sub in value.pairs {
                    let subKey = "severity_overrides.\(sub.key.value)"
                    guard isKnown(sub.key.value) else { throw fail(path, sub.value, subKey, "unknown check id '\(sub.key.value)'") }
                    configuration.severityOverrides[sub.key.value] = try severity(sub.value, subKey, path)
                }
            case "exclude": configuration.excludes = try strings(value, key, path)
            case "rules": configuration.ruleFiles = try strings(value, key, path).map { resolve($0, against: directory) }
            case "fail_on": configuration.failOn = try severity(value, key, path)
            case "fail_on_risk":
                let risk = try integer(value, key, path)
                guard (0...100).contains(risk) else { throw fail(path, value, key, "expected a risk score from 0 to 100, found \(risk)") }
                configuration.failOnRisk = risk
            case "max_file_size":
                let size = try integer(value, key, path)
                guard size > 0 else { throw fail(path, value, key, "expected a positive number of bytes, found \(size)") }
                configuration.maxFileSize = size
            case "max_cache_size":
                let size = try integer(value, key, path)
                guard size > 0 else { throw fail(path, value, key, "expected a positive number of bytes, found \(size)") }
                configuration.maxCacheSize = size
            case "inline_suppressions": configuration.inlineSuppressions = try boolean(value, key, path)
            case "checkout_modes": configuration.checkoutModes = try boolean(value, key, path)
            case "goose_user":
                let name = try string(value, key, path)
                guard let uid = GooseUser.uid(name) else {
                    throw fail(path, value, key, "no user named '\(name)' (give a user name or a numeric uid)")
                }
                configuration.gooseUser = uid
            case "baseline": configuration.baseline = resolve(try string(value, key, path), against: directory)
            case "record": configuration.record = try boolean(value, key, path)
            default: break
            }
        }
        return configuration
    }

    func fail(_ path: String, _ node: Node, _ key: String, _ reason: String) -> ConfigurationError {
        ConfigurationError(path: path, line: node.position.line, key: key, reason: reason)
    }

    func string(_ node: Node, _ key: String, _ path: String) throws -> String {
        guard let scalar = node.scalar, !scalar.isNull else { throw fail(path, node, key, "expected a string") }
        return scalar.value
    }

    func strings(_ node: Node, _ key: String, _ path: String) throws -> [String] {
        guard node.isSequence else { throw fail(path, node, key, "expected a list of strings") }
        return try node.items.enumerated().map { index, item in try string(item, "\(key)[\(index)]", path) }
    }

    func checkIDs(_ node: Node, _ key: String, _ path: String) throws -> [String] {
        let ids = try strings(node, key, path)
        for (index, id) in ids.enumerated() where !isKnown(id) {
            throw fail(path, node.items[index], "\(key)[\(index)]", "unknown check id '\(id)' (see goose-audit checks)")
        }
        return ids
    }

    func severity(_ node: Node, _ key: String, _ path: String) throws -> Severity {
        let text = try string(node, key, path)
        guard let value = Severity(name: text) else {
            throw fail(
                path, node, key, "unknown severity '\(text)'; expected one of \(Severity.allCases.map(\.name).joined(separator: ", "))")
        }
        return value
    }

    func integer(_ node: Node, _ key: String, _ path: String) throws -> Int {
        guard let scalar = node.scalar, scalar.isPlain, let value = Int(scalar.value) else {
            throw fail(path, node, key, "expected an integer")
        }
        return value
    }

    func boolean(_ node: Node, _ key: String, _ path: String) throws -> Bool {
        guard let scalar = node.scalar, scalar.isPlain, ["true", "false"].contains(scalar.value) else {
            throw fail(path, node, key, "expected true or false")
        }
        return scalar.value == "true"
    }

    func resolve(_ path: String, against directory: String) -> String {
        path.hasPrefix("/") ? path : ((directory.isEmpty ? "." : directory) + "/" + path)
    }
}
