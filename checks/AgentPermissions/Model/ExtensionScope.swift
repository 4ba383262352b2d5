import GooseAuditCore

/// Which extension entries an extension rule judges: every entry of every effective configuration,
/// disabled ones too, one severity lower (a single extension-manager call, which the agent itself can make,
/// starts them), and, for rules that apply to recipes, each recipe's extensions.
enum ExtensionScope {
    /// The problems `judge` finds in the extensions of every effective configuration, as findings.
    static func findings(
        in scan: ScanSnapshot, descriptor: CheckDescriptor, judge: (MergedEntry) -> [Problem]
    ) -> [Finding] {
        unique(
            EffectiveConfig.all(in: scan).flatMap { config in
                config.entries("extensions").flatMap { entry in
                    judge(entry).map { problem in
                        descriptor.finding(
                            entry.isEnabled ? problem : disabled(problem, default: descriptor.severity), anchor: config.anchor)
                    }
                }
            })
    }

    /// A problem of a disabled extension: one severity lower, and saying why it still matters.
    static func disabled(_ problem: Problem, default severity: Severity) -> Problem {
        var problem = problem
        let current = problem.severity ?? severity
        problem.severity = Severity(rawValue: max(current.rawValue - 1, Severity.info.rawValue)) ?? .info
        problem.message += " (disabled now; one extension-manager call enables it)"
        return problem
    }

    /// Whether any configuration has an extension, or (for recipe rules) any recipe exists.
    static func isApplicable(_ scan: ScanSnapshot, recipes: Bool) -> Bool {
        EffectiveConfig.all(in: scan).contains { !$0.entries("extensions").isEmpty }
            || (recipes && !scan.targets(of: recipeKinds).isEmpty)
    }

    /// The problems `judge` finds in a recipe's extensions, as findings.
    static func findings(
        in target: CheckTarget, descriptor: CheckDescriptor, judge: (MergedEntry) -> [Problem]
    ) -> [Finding] {
        guard recipeKinds.contains(target.artifact.kind), let recipe = Recipe(target) else { return [] }
        return recipe.extensions.flatMap(judge).map { problem in
            var problem = problem
            if recipe.isScheduled { problem.message += " (in a scheduled recipe that runs unattended)" }
            return descriptor.finding(problem, anchor: target.artifact)
        }
    }
}

/// An extension rule kept in a file of its own: its descriptor and what it finds in one entry.
struct ExtensionEntryCheck: ArtifactCheck, ScanCheck {
    let descriptor: CheckDescriptor
    /// Whether the rule judges recipe extensions too (rules about a long-lived installation do not).
    var appliesToRecipes = true
    let judge: @Sendable (MergedEntry) -> [Problem]

    func readsContent(of artifact: Artifact) -> Bool { EffectiveConfig.isLayer(artifact) }

    func inspectScan(_ scan: ScanSnapshot) throws -> [Finding] {
        ExtensionScope.findings(in: scan, descriptor: descriptor, judge: judge)
    }

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        appliesToRecipes ? ExtensionScope.findings(in: target, descriptor: descriptor, judge: judge) : []
    }

    func isApplicable(_ scan: ScanSnapshot) -> Bool { ExtensionScope.isApplicable(scan, recipes: appliesToRecipes) }
}
