import GooseAuditCore
import StructuredText

/// A rule about recipe contents, run on every recipe and scheduled recipe file (and, through the
/// deep-link check, on recipes embedded in `goose://recipe` links).
struct RecipeCheck: ArtifactCheck {
    let descriptor: CheckDescriptor
    let analyze: @Sendable (Recipe) -> [Problem]

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let recipe = Recipe(target) else { return [] }
        return analyze(recipe).map { problem in
            var problem = problem
            if recipe.isScheduled { problem.message += " (in a scheduled recipe that runs unattended)" }
            return descriptor.finding(problem, anchor: target.artifact)
        }
    }
}

/// The recipe checks (goose-surface §7.4).
enum RecipeChecks {
    static let docs = "https://block.github.io/goose/docs/guides/recipes/recipe-reference"

    static var all: [RecipeCheck] { [localExtension, retryShell, subRecipeEscape, fileParameter, hiddenUnicode] }

    static func recipe(_ body: String) -> String {
        "version: 1.0.0\ntitle: Triage\ndescription: triage issues\ninstructions: triage\n" + body
    }
}
