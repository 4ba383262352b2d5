import GooseAuditCore

/// Checks on goose's surface since mid-2026 (plugins, roaming, tunnels, server exposure, security
/// toggles, installed versions); docs/goose-surface.md names the goose source of each.
enum GooseSurfaceChecks {
    static var all: [any Check] {
        [
            PluginMCPServer(), PluginAutoUpdate(), PluginEnabledByRepository(), RoamingTrustBearer(), RoamingPeerAccepted(),
            RoamingServed.check,
            RoamingRelayCleartext.check, ServerKeyMissing.check, ServerAllowedOrigin.check, TunnelAutoStart.check,
            TokenInURL.check, ToolChangeDetectionOff.check, PromptThresholdWeakened.check, ClassifierThirdParty.check,
            PolicyHookFailOpen(), ACPAutoBypass.check, SchedulerAutoMode.check, WebsocketExtension.check,
            RemovedControlConfigured(), VersionAdvisory(),
        ]
    }

    /// Whether the effective `GOOSE_MODE` is auto (goose's default when unset).
    static func isAuto(_ config: EffectiveConfig) -> Bool {
        let mode = config.string("GOOSE_MODE")?.lowercased() ?? ""
        return mode.isEmpty || mode == "auto"
    }
}
