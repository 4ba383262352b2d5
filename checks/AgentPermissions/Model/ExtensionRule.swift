import GooseAuditCore
import StructuredText

/// What can be wrong with one extension definition, wherever it stands (a config layer, a recipe,
/// a deep link). One rule is one file in `ExtensionRules/`: its descriptor with examples, whether it
/// judges recipe extensions too, and `problems(_:)`, which reads the entry's fields (see
/// `MergedEntry` and, for command lines and package runners, `CommandFacts`) and returns problems
/// at the offending field. Registering it is one line in `ExtensionRules.all`.
protocol ExtensionRule: Sendable {
    var descriptor: CheckDescriptor { get }
    /// Whether the rule also judges recipe and deep-link extensions (the others describe a
    /// long-lived installation).
    var appliesToRecipes: Bool { get }
    func problems(_ entry: MergedEntry) -> [Problem]
}

/// The extension rules, and what their files share.
enum ExtensionRules {
    static let all: [any ExtensionRule] = [
        InlineShell(), UnpinnedPackage(), InlinePython(), CleartextRemote(), CredentialsInURI(), LegacySSE(), DenylistedEnv(),
        AllToolsExposed(),
    ]

    /// Config layers and recipes.
    static let kinds = configKinds.union(recipeKinds)
    static let references = ["https://block.github.io/goose/docs/guides/config-files"]

    /// The remote URI of an HTTP extension, with its text.
    static func remoteURI(_ entry: MergedEntry) -> (Setting, String)? {
        guard ["streamable_http", "sse", "http"].contains(entry.type), let uri = entry["uri"], let text = uri.string else { return nil }
        return (uri, text)
    }

    /// A stdio extension `jira` running `cmd`/`args`, as a config.yaml (the `cmd` line is line 6).
    static func stdio(
        header: String = "GOOSE_MODE: approve\n", cmd: String, args: String, extra: String = "    available_tools: [search]\n",
        enabled: Bool = true
    ) -> String {
        header + "extensions:\n  jira:\n    enabled: \(enabled)\n    type: stdio\n    cmd: \(cmd)\n    args: \(args)\n" + extra
    }

    /// A remote extension `tickets` at `uri` (the `uri` line is line 6).
    static func remote(type: String = "streamable_http", uri: String) -> String {
        "GOOSE_MODE: approve\nextensions:\n  tickets:\n    enabled: true\n    type: \(type)\n    uri: \(uri)\n    available_tools: [search]\n"
    }
}

extension ExtensionEntryCheck {
    /// The check that runs `rule` wherever extensions are defined (see `ExtensionScope`).
    init(rule: any ExtensionRule) {
        self.init(descriptor: rule.descriptor, appliesToRecipes: rule.appliesToRecipes, judge: rule.problems)
    }
}
