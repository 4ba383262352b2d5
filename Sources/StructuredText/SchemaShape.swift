import Foundation
import GooseAuditCore

/// What a parsed goose artifact or CI workflow has that its reader (goose, GitHub Actions, GitLab CI)
/// would not understand: the shape is checked, never the values. Each message becomes one
/// `not-understood` notice naming the file (see `CheckTarget.document`); the checks still read what
/// they can. Conservative on purpose: only shapes the reader rejects or ignores are named.
enum SchemaShape {
    /// The keys of a goose 0.x (Python) profile in `profiles.yaml`.
    static let legacyProfileKeys: Set<String> = ["provider", "processor", "accelerator", "moderator", "toolkits"]

    /// Problems with the shape of a document whose top level is a mapping.
    static func problems(of artifact: Artifact, root: Node) -> [String] {
        switch artifact.kind {
        case .config, .systemConfig, .additionalConfig, .configBackup: config(root)
        case .ciWorkflow:
            workflow(root, gitHub: artifact.relativePath.contains(".github/workflows/") || artifact.path.contains("/.github/workflows/"))
        default: []
        }
    }

    /// config.yaml: goose reads `extensions` as a mapping keyed by extension name (anything else is replaced
    /// by `migrate_platform_extensions` in `config/migrations.rs`); goose 0.x kept
    /// named profiles (`provider`, `processor`, `accelerator`, `moderator`, `toolkits`) that goose 1.x
    /// does not read at all.
    static func config(_ root: Node) -> [String] {
        var out: [String] = []
        if let extensions = root.pair("extensions"), !(extensions.value.scalar?.isNull ?? false), !extensions.value.isMapping {
            let found = extensions.value.isSequence ? "a list (a recipe's form)" : "a single value"
            out.append(
                "`extensions` (line \(extensions.key.position.line)) is \(found), not goose's mapping keyed by extension name: goose's config migration replaces it with a fresh map of its platform extensions (config/migrations.rs), so these entries are never started"
            )
        }
        let topLegacy = Set(root.pairs.map(\.key.value)).intersection(legacyProfileKeys)
        let profiles = root.pairs.filter { pair in
            let keys = Set(pair.value.pairs.map(\.key.value))
            return keys.contains("processor") && keys.intersection(legacyProfileKeys).count >= 3
        }
        if topLegacy.contains("processor") || topLegacy.contains("toolkits"), topLegacy.count >= 2 {
            out.append(
                "has the keys of a goose 0.x (Python) profile (\(topLegacy.sorted().joined(separator: ", "))): goose 1.x does not read them; the file configures nothing it names"
            )
        } else if let first = profiles.first {
            out.append(
                "has the schema of goose 0.x (Python) `profiles.yaml` (profile `\(TerminalText.escape(first.key.value))` with provider/processor/toolkits): goose 1.x does not read it"
            )
        }
        return out
    }

    /// A workflow's skeleton: GitHub needs `on:` and a `jobs:` mapping of job mappings whose `steps`
    /// is a list; a GitLab job (a top-level key that is not a keyword or a hidden template) is a mapping
    /// whose `script` is a string or a list.
    static func workflow(_ root: Node, gitHub: Bool) -> [String] {
        var out: [String] = []
        if gitHub {
            if root["on"] == nil, root["true"] == nil { out.append("has no `on:` trigger: GitHub Actions does not run it") }
            guard let jobs = root.pair("jobs") else { return out + ["has no `jobs:`: GitHub Actions rejects it"] }
            guard jobs.value.isMapping else {
                return out + ["`jobs` (line \(jobs.key.position.line)) is not a mapping of jobs: GitHub Actions rejects it"]
            }
            for job in jobs.value.pairs {
                let name = TerminalText.escape(job.key.value)
                guard job.value.isMapping else {
                    out.append("job `\(name)` (line \(job.key.position.line)) is not a mapping: GitHub Actions rejects the workflow")
                    continue
                }
                if let steps = job.value.pair("steps"), !steps.value.isSequence {
                    out.append("`jobs.\(name).steps` (line \(steps.key.position.line)) is not a list: GitHub Actions rejects the workflow")
                }
            }
            return out
        }
        if root["spec"] != nil { return out }  // the inputs header of an included file: jobs follow in a second document
        if let stages = root.pair("stages"), !stages.value.isSequence, !(stages.value.scalar?.isNull ?? false) {
            out.append("`stages` (line \(stages.key.position.line)) is not a list: GitLab CI rejects it")
        }
        for pair in root.pairs where !pair.key.value.hasPrefix(".") && !gitLabKeywords.contains(pair.key.value) {
            let name = TerminalText.escape(pair.key.value)
            guard pair.value.isMapping else {
                out.append("job `\(name)` (line \(pair.key.position.line)) is not a mapping: GitLab CI rejects it")
                continue
            }
            if let script = pair.value.pair("script"), script.value.isMapping {
                out.append(
                    "`\(name).script` (line \(script.key.position.line)) is neither a command nor a list of commands: GitLab CI rejects it")
            }
        }
        return out
    }

    /// Top-level GitLab CI keys that are not jobs.
    static let gitLabKeywords: Set<String> = [
        "stages", "variables", "default", "include", "workflow", "image", "services", "before_script", "after_script", "cache",
        "types", "spec",
    ]

    /// Whether `text` reads as TOML: a `[table]` header line and a `key = value` line, which YAML
    /// cannot parse as a mapping of settings.
    static func looksLikeTOML(_ text: String) -> Bool {
        var header = false
        var assignment = false
        for raw in text.split(whereSeparator: \.isNewline).prefix(200) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("["), line.hasSuffix("]"), !line.contains(","), !line.contains(" ") {
                header = true
            } else if let equals = line.firstIndex(of: "="), !line[..<equals].contains(":"),
                line[..<equals].trimmingCharacters(in: .whitespaces).allSatisfy({ $0.isLetter || $0.isNumber || "_-.\"".contains($0) }),
                !line[..<equals].trimmingCharacters(in: .whitespaces).isEmpty
            {
                assignment = true
            }
            if header && assignment { return true }
        }
        return false
    }
}
