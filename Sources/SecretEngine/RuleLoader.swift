import Foundation
import GooseAuditCore
import Yams

/// Loads rules from goose-audit's YAML rule format or from a gitleaks TOML file.
///
/// ```yaml
/// rules:
///   - id: groq_api_key
///     title: Groq API key
///     pattern: '\b(gsk_[A-Za-z0-9]{52})\b'
///     keywords: [gsk_]
///     # line_requires: [..]  (optional: literals, one of which the keyword's line must hold for `pattern` to be tried)
///     # starts_with: [..]    (optional: literals, one of which every match begins with)
///     # near_start: {bytes: '=:', within: 42}  (optional, with starts_with: one of the bytes is that near a match's start)
///     min_entropy: 3.5
///     severity: high
///     examples:
///       true_positives: ['GROQ_API_KEY=gsk_…']
///       false_positives: ['GROQ_API_KEY=gsk_your_key_here']
/// ```
public enum RuleLoader {
    /// Rule files larger than this are refused.
    public static let maxFileBytes = 2 * 1024 * 1024

    static let fields: Set<String> = [
        "id", "title", "description", "pattern", "keywords", "line_requires", "starts_with", "near_start", "secret_group", "min_entropy",
        "allow_patterns", "stop_words", "severity", "confidence", "generic", "examples",
    ]

    /// Reads `path`: a `.toml` file is read as gitleaks rules, anything else as goose-audit YAML.
    public static func load(file path: String) throws(RuleError) -> [SecretRule] {
        let data: Data
        switch ContentReader.settingsFile(path, maxBytes: maxFileBytes + 1) {
        case .success(let bytes): data = Data(bytes)
        case .failure(let notice): throw .unreadable(file: path, reason: notice.message)
        }
        guard data.count <= maxFileBytes else { throw .unreadable(file: path, reason: "larger than \(maxFileBytes) bytes") }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(file: path, reason: "not UTF-8 text") }
        return path.lowercased().hasSuffix(".toml") ? try GitleaksImport.rules(text, source: path) : try yaml(text, source: path)
    }

    /// Rules from goose-audit's YAML format (parsed with `compose` only: no aliases expanded into objects).
    public static func yaml(_ text: String, source: String) throws(RuleError) -> [SecretRule] {
        let root: Yams.Node?
        do {
            // The basic resolver: fields are read as text (the default one runs a regular expression per scalar,
            // most of the rules' start-up time).
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw .syntax(
                file: source, line: Self.line(of: error),
                message: "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML")
        } catch {
            throw .syntax(file: source, line: nil, message: "\(error)")
        }
        guard let list = root?.mapping?["rules"]?.sequence else {
            throw .syntax(file: source, line: nil, message: "expected a top-level 'rules:' list")
        }
        var rules: [SecretRule] = []
        for (index, node) in list.enumerated() {
            rules.append(try rule(node, index: index, source: source))
        }
        return rules
    }

    private static func rule(_ node: Yams.Node, index: Int, source: String) throws(RuleError) -> SecretRule {
        guard let mapping = node.mapping else {
            throw .syntax(file: source, line: node.mark?.line, message: "rules[\(index)] is not a mapping")
        }
        let fields = Fields(mapping: mapping, source: source, name: mapping["id"]?.scalar?.string ?? "rules[\(index)]")
        for key in mapping.keys {
            let name = key.scalar?.string ?? "?"
            if !Self.fields.contains(name) {
                throw .invalidField(
                    file: source, rule: fields.name, field: name, expected: "one of \(Self.fields.sorted().joined(separator: ", "))",
                    found: "an unknown field")
            }
        }
        let id = try fields.string("id")
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw .invalidField(file: source, rule: fields.name, field: "id", expected: "snake_case (a-z, 0-9, _)", found: "'\(id)'")
        }
        let startsWith = try fields.literals("starts_with")
        let nearStart = try fields.nearStart()
        if nearStart != nil, startsWith.isEmpty {
            throw .invalidField(
                file: source, rule: fields.name, field: "near_start", expected: "used with starts_with", found: "no starts_with")
        }
        let examples = mapping["examples"]?.mapping
        let exampleFields = examples.map { Fields(mapping: $0, source: source, name: id) }
        return SecretRule(
            id: id, title: try fields.string("title"), description: try fields.optionalString("description") ?? "",
            pattern: try fields.string("pattern"), keywords: try fields.strings("keywords"),
            lineRequires: try fields.literals("line_requires"), startsWith: startsWith, nearStart: nearStart,
            secretGroup: try fields.int("secret_group") ?? 0, minEntropy: try fields.double("min_entropy"),
            allowPatterns: try fields.strings("allow_patterns"), stopWords: try fields.strings("stop_words"),
            severity: try fields.severity(), confidence: try fields.confidence(), generic: try fields.bool("generic") ?? false,
            examples: RuleExamples(
                truePositives: try exampleFields?.strings("true_positives") ?? [],
                falsePositives: try exampleFields?.strings("false_positives") ?? []),
            source: source)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    /// Typed access to one rule's fields, with precise errors.
    struct Fields {
        var mapping: Yams.Node.Mapping
        var source: String
        var name: String

        func invalid(_ field: String, _ expected: String, _ node: Yams.Node) -> RuleError {
            .invalidField(file: source, rule: name, field: field, expected: expected, found: "'\(node.scalar?.string ?? "a collection")'")
        }

        func optionalString(_ field: String) throws(RuleError) -> String? {
            guard let node = mapping[field] else { return nil }
            guard let value = node.scalar?.string else { throw invalid(field, "a string", node) }
            return value
        }

        func string(_ field: String) throws(RuleError) -> String {
            guard let value = try optionalString(field), !value.isEmpty else {
                throw .missingField(file: source, rule: name, field: field)
            }
            return value
        }

        func strings(_ field: String) throws(RuleError) -> [String] {
            guard let node = mapping[field] else { return [] }
            guard let items = node.sequence else { throw invalid(field, "a list of strings", node) }
            var out: [String] = []
            for item in items {
                guard let value = item.scalar?.string else { throw invalid(field, "a list of strings", item) }
                out.append(value)
            }
            return out
        }

        /// Non-empty strings on one line each (searched for within a line).
        func literals(_ field: String) throws(RuleError) -> [String] {
            let values = try strings(field)
            if let bad = values.first(where: { $0.isEmpty || $0.contains("\n") || $0.contains("\r") }) {
                throw .invalidField(
                    file: source, rule: name, field: field, expected: "non-empty literals without line breaks", found: "'\(bad)'")
            }
            return values
        }

        /// `near_start: {bytes: '=:', within: 42}`: one to four ASCII bytes other than a line break, a distance from 1 to 512.
        func nearStart() throws(RuleError) -> NearStart? {
            guard let node = mapping["near_start"] else { return nil }
            let expected = "{bytes: <1 to 4 ASCII bytes, no line break>, within: <1 to 512>}"
            guard let fields = node.mapping, fields.count == 2, let bytes = fields["bytes"]?.scalar?.string,
                let within = fields["within"]?.scalar.flatMap({ Int($0.string) }),
                let near = NearStart(bytes: Array(bytes.utf8), within: within)
            else { throw invalid("near_start", expected, node) }
            return near
        }

        func int(_ field: String) throws(RuleError) -> Int? {
            guard let node = mapping[field] else { return nil }
            guard let text = node.scalar?.string, let value = Int(text), value >= 0 else {
                throw invalid(field, "a non-negative integer", node)
            }
            return value
        }

        func double(_ field: String) throws(RuleError) -> Double? {
            guard let node = mapping[field] else { return nil }
            guard let text = node.scalar?.string, let value = Double(text), (0...8).contains(value) else {
                throw invalid(field, "a number from 0 to 8 (bits per byte)", node)
            }
            return value
        }

        func bool(_ field: String) throws(RuleError) -> Bool? {
            guard let node = mapping[field] else { return nil }
            switch node.scalar?.string.lowercased() {
            case "true": return true
            case "false": return false
            default: throw invalid(field, "true or false", node)
            }
        }

        func severity() throws(RuleError) -> Severity {
            guard let node = mapping["severity"] else { return .high }
            guard let value = node.scalar.flatMap({ Severity(name: $0.string) }) else {
                throw invalid("severity", Severity.allCases.map(\.name).joined(separator: ", "), node)
            }
            return value
        }

        func confidence() throws(RuleError) -> Confidence {
            guard let node = mapping["confidence"] else { return .high }
            guard let value = node.scalar.flatMap({ Confidence(rawValue: $0.string.lowercased()) }) else {
                throw invalid("confidence", "low, medium or high", node)
            }
            return value
        }
    }
}
