import GooseAuditCore
import Testing

/// goose resolves its directories from HOME, XDG_* and GOOSE_PATH_ROOT (goose-surface §1.1);
/// these tests pin each rule with a temporary home that exists only in the environment map.
struct DiscoveryTests {
    func locate(_ variables: [String: String], platform: Platform = .linux) -> GooseLocations {
        Discovery.locate(GooseEnvironment(variables: variables, platform: platform, currentDirectory: "/work"))
    }

    @Test func homeDefaults() {
        let l = locate(["HOME": "/home/alice"])
        #expect(l.configDirectory == "/home/alice/.config/goose")
        #expect(l.dataDirectory == "/home/alice/.local/share/goose")
        #expect(l.stateDirectory == "/home/alice/.local/state/goose")
        #expect(l.agentsDirectory == "/home/alice/.agents")
        #expect(l.systemConfig == "/etc/goose/config.yaml")
        #expect(l.desktopDirectories == ["/home/alice/.config/Goose"])
        #expect(l.legacyDirectories.isEmpty, "the legacy ~/.config/goose is the config dir itself here")
    }

    @Test func trailingSlashOnHomeIsNormalised() {
        #expect(locate(["HOME": "/home/alice/"]).configDirectory == "/home/alice/.config/goose")
    }

    @Test func xdgConfigHome() {
        let l = locate(["HOME": "/home/alice", "XDG_CONFIG_HOME": "/cfg"])
        #expect(l.configDirectory == "/cfg/goose")
        #expect(l.desktopDirectories == ["/cfg/Goose"])
        #expect(l.dataDirectory == "/home/alice/.local/share/goose")
        #expect(l.legacyDirectories == ["/home/alice/.config/goose"], "old builds used ~/.config/goose regardless")
    }

    @Test func xdgDataHome() {
        let l = locate(["HOME": "/home/alice", "XDG_DATA_HOME": "/d"])
        #expect(l.dataDirectory == "/d/goose")
        #expect(l.configDirectory == "/home/alice/.config/goose")
    }

    @Test func xdgStateHome() {
        let l = locate(["HOME": "/home/alice", "XDG_STATE_HOME": "/s/"])
        #expect(l.stateDirectory == "/s/goose")
    }

    @Test func relativeXdgVariablesAreIgnoredAsTheXdgStrategyDoes() {
        let l = locate(["HOME": "/home/alice", "XDG_CONFIG_HOME": "cfg", "XDG_DATA_HOME": "./d"])
        #expect(l.configDirectory == "/home/alice/.config/goose")
        #expect(l.dataDirectory == "/home/alice/.local/share/goose")
        #expect(Set(l.ignoredVariables) == ["XDG_CONFIG_HOME", "XDG_DATA_HOME"])
    }

    @Test func emptyVariablesCountAsUnset() {
        let l = locate(["HOME": "/home/alice", "XDG_CONFIG_HOME": "", "GOOSE_PATH_ROOT": ""])
        #expect(l.configDirectory == "/home/alice/.config/goose")
        #expect(l.ignoredPathRoot == nil)
    }

    @Test func goosePathRootOverridesEverything() {
        let l = locate([
            "HOME": "/home/alice", "XDG_CONFIG_HOME": "/cfg", "XDG_DATA_HOME": "/d", "XDG_STATE_HOME": "/s",
            "GOOSE_PATH_ROOT": "/srv/goose",
        ])
        #expect(l.configDirectory == "/srv/goose/config")
        #expect(l.dataDirectory == "/srv/goose/data")
        #expect(l.stateDirectory == "/srv/goose/state")
        #expect(l.agentsDirectory == "/srv/goose/.agents")
        #expect(l.ignoredPathRoot == nil)
    }

    @Test func relativeGoosePathRootIsIgnoredAsGooseDoes() {
        let l = locate(["HOME": "/home/alice", "GOOSE_PATH_ROOT": "relative/root"])
        #expect(l.configDirectory == "/home/alice/.config/goose")
        #expect(l.dataDirectory == "/home/alice/.local/share/goose")
        #expect(l.agentsDirectory == "/home/alice/.agents")
        #expect(l.ignoredPathRoot == "relative/root")
    }

    @Test func additionalConfigFilesKeepTheirOrder() {
        let l = locate(["HOME": "/h", "GOOSE_ADDITIONAL_CONFIG_FILES": "/a/one.yaml::/b/two.yaml"])
        #expect(l.additionalConfigs == ["/a/one.yaml", "/b/two.yaml"])
        let roots = l.roots().filter { $0.role == .additionalConfig }
        #expect(roots.map(\.path) == ["/a/one.yaml", "/b/two.yaml"])
        #expect(roots.map(\.label) == ["goose:additional-config[1]", "goose:additional-config[2]"])
        #expect(roots.allSatisfy { $0.isFile })
    }

    @Test func macOSProbesApplicationSupport() {
        let l = locate(["HOME": "/Users/bob"], platform: .macOS)
        #expect(l.configDirectory == "/Users/bob/.config/goose", "goose uses the XDG strategy on macOS too")
        #expect(l.desktopDirectories == ["/Users/bob/Library/Application Support/Goose"])
        #expect(
            l.legacyDirectories == [
                "/Users/bob/Library/Application Support/Block/goose", "/Users/bob/Library/Application Support/goose",
            ])
    }

    @Test func noHomeStillFindsTheSystemLayer() {
        let l = locate([:])
        #expect(l.configDirectory == nil)
        #expect(l.roots().map(\.path) == ["/etc/goose/config.yaml"])
    }

    @Test func rootsAreOptionalAndUnique() {
        let roots = locate(["HOME": "/h"]).roots()
        #expect(roots.allSatisfy { $0.optional })
        #expect(Set(roots.map(\.path)).count == roots.count)
        #expect(roots.first?.label == "goose:config")
    }
}
