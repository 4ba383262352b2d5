import GooseAuditCore

/// What goose lets the agent and its extensions do: the effective configuration (system,
/// additional and user layers plus environment), tool permissions, extensions, servers, recipes,
/// deep links and the instructions a repository hands the agent. One file per check; the shared
/// model (effective configuration, recipes, extension rules, command lines) is in `Model/`.
public enum AgentPermissionsModule: CheckModule {
    public static let name = "agent-permissions"

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        var checks: [any Check] = [
            SettingChecks.gooseModeAuto, SettingChecks.searchPathHijack, SettingChecks.allowlistWeakened,
            SettingChecks.sandboxWeakened, SettingChecks.passthroughSkipsPermissions, SettingChecks.telemetryCleartext,
            SettingChecks.providerCleartext, SettingChecks.recipeSourceUnsafe, SettingChecks.injectedMessageFileUnsafe,
            SettingChecks.promptInjectionGuardOff, KeyringDisabled.check, EmbeddedConfigExpanded(),
        ]
        checks += ExtensionRules.all.map { ExtensionEntryCheck(rule: $0) } as [any Check]
        checks += [ExtensionCredentialArgument.check, ExtensionRelativeCommand.check, ExtensionFilesystemRoot.check] as [any Check]
        checks += [AlwaysAllowDangerous(), RulesIgnoredInAuto()] as [any Check]
        checks += [ServerChecks.weakSecretKey, ServerChecks.unauthenticated, ServerChecks.exposedWithoutTLS, ServerChecks.roamEnabled]
        checks += RecipeChecks.all as [any Check]
        checks.append(DeepLinkCheck())
        checks += [PluginHooksRunCommands(), HintsToolDirectives(), HintsHiddenUnicode(), GooseignoreExposesSecrets()] as [any Check]
        checks.append(ScheduleSourceCheck())
        checks += GooseSurfaceChecks.all
        return checks
    }
}
