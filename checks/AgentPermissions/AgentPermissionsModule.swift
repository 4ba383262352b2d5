import GooseAuditCore

/// What goose lets the agent and its extensions do: the effective configuration (system,
/// additional and user layers plus environment), tool permissions, extensions, servers, recipes,
/// deep links and the instructions a repository hands the agent.
public enum AgentPermissionsModule: CheckModule {
    public static let name = "agent-permissions"

    public static func makeChecks(_ configuration: ModuleConfiguration) throws -> [any Check] {
        var checks: [any Check] = []
        checks += SettingChecks.all
        checks.append(KeyringDisabled.check)
        checks.append(EmbeddedConfigExpanded())
        checks += ExtensionChecks.all
        checks += [ExtensionCredentialArgument.check, ExtensionRelativeCommand.check, ExtensionFilesystemRoot.check]
        checks += PermissionPolicyChecks.all
        checks += ServerChecks.all
        checks += RecipeChecks.all as [any Check]
        checks.append(DeepLinkCheck())
        checks += ProjectChecks.all
        checks.append(ScheduleSourceCheck())
        checks += GooseSurfaceChecks.all
        return checks
    }
}
