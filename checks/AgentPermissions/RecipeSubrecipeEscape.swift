import GooseAuditCore
import StructuredText

/// `recipe_subrecipe_escape`: a sub-recipe loaded from outside the repository.
extension RecipeChecks {
    static let subRecipeEscape = RecipeCheck(
        descriptor: CheckDescriptor(
            id: "recipe_subrecipe_escape", title: "Sub-recipe loaded from outside the repository",
            summary:
                "Reports `sub_recipes[].path` and `{% extends %}` targets that are absolute, in the home directory, or climb out of the scanned tree with `..`.",
            rationale: """
                A sub-recipe brings its own instructions, extensions and retry commands. When it lives outside the \
                reviewed repository, whatever is at that path on the user's machine runs, and a reviewer of the \
                repository never sees it.
                """,
            remediation: "Keep sub-recipes inside the repository and reference them by relative paths (or `{{ recipe_dir }}/…`).",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: recipeKinds,
            references: ["CWE-829", "CWE-22", docs],
            examples: [
                CheckExample(
                    "absolute and escaping paths", .fail, role: .path,
                    files: [
                        .file(
                            "recipes/main.yaml",
                            recipe(
                                "sub_recipes:\n  - name: a\n    path: /srv/shared/a.yaml\n  - name: b\n    path: ../../b.yaml\n  - name: c\n    path: ./c.yaml\n"
                            ))
                    ], expected: ["recipes/main.yaml:7#sub_recipes[0].path", "recipes/main.yaml:9#sub_recipes[1].path"]),
                CheckExample(
                    "paths inside the repository", .pass, role: .path,
                    files: [
                        .file(
                            "recipes/main.yaml",
                            recipe(
                                "sub_recipes:\n  - name: a\n    path: ../shared/a.yaml\n  - name: c\n    path: \"{{ recipe_dir }}/c.yaml\"\n"
                            ))
                    ]),
            ]),
        analyze: { recipe in
            var problems: [Problem] = (recipe.root["sub_recipes"]?.items ?? []).enumerated().compactMap { index, sub in
                guard let path = sub["path"], let text = path.string, let escape = escape(text, from: recipe.artifact) else { return nil }
                return Problem(
                    setting: recipe.setting(path, [.key("sub_recipes"), .index(index), .key("path")]),
                    message: "sub-recipe path `\(text)` \(escape)", evidence: text)
            }
            for leaf in recipe.root.leaves(under: recipe.base) {
                for target in extendsTargets(leaf.scalar.value) {
                    guard let escape = escape(target, from: recipe.artifact) else { continue }
                    problems.append(
                        Problem(
                            setting: .at(.scalar(leaf.scalar), leaf.keyPath, in: recipe.artifact),
                            message: "`{% extends %}` target `\(target)` \(escape)", evidence: target))
                }
            }
            return problems
        })

    /// Why a referenced path leaves the scanned tree, or nil when it stays inside.
    static func escape(_ path: String, from artifact: Artifact) -> String? {
        var text = path
        if text.hasPrefix("{{") {
            guard let close = text.range(of: "}}"), text[..<close.lowerBound].contains("recipe_dir") else { return nil }
            text = "." + text[close.upperBound...]
        }
        if text.hasPrefix("/") { return "is absolute, outside the reviewed tree" }
        if text.hasPrefix("~") || text.hasPrefix("$") { return "points into the user's home or environment, outside the reviewed tree" }
        var depth = artifact.relativePath.split(separator: "/").count - 1
        for part in text.split(separator: "/") {
            if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
            if depth < 0 { return "climbs out of the scanned tree" }
        }
        return nil
    }

    /// The targets of `{% extends "…" %}` tags in a text.
    static func extendsTargets(_ text: String) -> [String] {
        guard text.contains("extends") else { return [] }
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{%") {
            let tag = rest[open.upperBound...].prefix { $0 != "%" }
            let words = tag.split(whereSeparator: { $0 == " " })
            if words.first == "extends", words.count >= 2 { out.append(words[1].trimming("\"'")) }
            rest = rest[open.upperBound...]
        }
        return out
    }
}
