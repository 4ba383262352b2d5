import Foundation
import GooseAuditCore
import GooseAuditTestSupport
import StructuredText
import Testing

@testable import AgentPermissionChecks

/// Layer merging and attribution: `/etc/goose/config.yaml` → additional layers → user file → environment.
struct EffectiveConfigTests {
    let mode = Permissions.check("goose_mode_auto")

    @Test("a value set only in the system layer is attributed to that file and line")
    func systemLayerAttribution() throws {
        let tree = try FixtureTree("merge-system")
        let result = try Permissions.scanInstallation(
            [mode], tree: tree, user: "GOOSE_PROVIDER: openai\n", system: "# managed\nGOOSE_MODE: auto\n")
        let findings = Permissions.findings(result, "goose_mode_auto")
        #expect(findings.count == 1)
        #expect(findings.first?.location.root == "goose:system-config")
        #expect(findings.first?.location.line == 2)
        #expect(findings.first?.location.keyPath == "GOOSE_MODE")
    }

    @Test("the user file overrides the system layer, and its line is reported")
    func userOverridesSystem() throws {
        let tree = try FixtureTree("merge-user")
        let unsafe = try Permissions.scanInstallation(
            [mode], tree: tree, user: "GOOSE_PROVIDER: openai\nGOOSE_MODE: auto\n", system: "GOOSE_MODE: approve\n")
        let findings = Permissions.findings(unsafe, "goose_mode_auto")
        #expect(findings.map(\.location.root) == ["goose:config"])
        #expect(findings.first?.location.path == "config.yaml")
        #expect(findings.first?.location.line == 2)

        let safeTree = try FixtureTree("merge-user-safe")
        let safe = try Permissions.scanInstallation([mode], tree: safeTree, user: "GOOSE_MODE: approve\n", system: "GOOSE_MODE: auto\n")
        #expect(Permissions.findings(safe, "goose_mode_auto").isEmpty)
    }

    @Test("an environment variable overrides every layer and is named as the source")
    func environmentOverridesFiles() throws {
        let tree = try FixtureTree("merge-env")
        let result = try Permissions.scanInstallation(
            [mode], tree: tree, user: "GOOSE_MODE: approve\n", system: "GOOSE_MODE: approve\n", environment: ["GOOSE_MODE": "auto"])
        let finding = try #require(Permissions.findings(result, "goose_mode_auto").first)
        #expect(finding.location.root == "goose:config")
        #expect(finding.location.line == nil)
        #expect(finding.message.contains("environment variable GOOSE_MODE"))
        #expect(finding.evidence.text.contains("env GOOSE_MODE"))

        let tightened = try Permissions.scanInstallation(
            [mode], tree: try FixtureTree("merge-env-safe"), user: "GOOSE_MODE: auto\n", environment: ["GOOSE_MODE": "smart_approve"])
        #expect(Permissions.findings(tightened, "goose_mode_auto").isEmpty)
    }

    @Test("additional layers merge in GOOSE_ADDITIONAL_CONFIG_FILES order, after the system layer")
    func additionalLayerOrder() throws {
        let tree = try FixtureTree("merge-additional")
        let result = try Permissions.scanInstallation(
            [mode], tree: tree, user: "GOOSE_PROVIDER: openai\n", system: "GOOSE_MODE: approve\n",
            additional: ["GOOSE_MODE: approve\n", "# second\n# layer\nGOOSE_MODE: auto\n"])
        let finding = try #require(Permissions.findings(result, "goose_mode_auto").first)
        #expect(finding.location.root == "goose:additional-config[2]")
        #expect(finding.location.line == 3)
    }

    @Test("extensions merge per entry and per field, each field keeping its layer")
    func extensionsMergePerField() throws {
        let system = """
            extensions:
              jira:
                enabled: true
                type: stdio
                cmd: npx
                args: ["-y", "mcp-jira@latest"]
                available_tools: [search]
              tickets:
                enabled: true
                type: streamable_http
                uri: http://10.0.0.5:8080/mcp
                available_tools: [search]
            """
        let user = """
            GOOSE_MODE: approve
            extensions:
              jira:
                args: ["-y", "mcp-jira@1.2.3"]
              tickets:
                timeout: 60
            """
        let tree = try FixtureTree("merge-extensions")
        let checks = [Permissions.check("extension_unpinned_package"), Permissions.check("extension_cleartext_remote")]
        let result = try Permissions.scanInstallation(checks, tree: tree, user: user + "\n", system: system + "\n")
        #expect(Permissions.findings(result, "extension_unpinned_package").isEmpty, "the user's pinned args replace the system's")
        let cleartext = try #require(Permissions.findings(result, "extension_cleartext_remote").first)
        #expect(cleartext.location.root == "goose:system-config")
        #expect(cleartext.location.line == 11)
        #expect(cleartext.location.keyPath == "extensions.tickets.uri")
    }

    @Test("a user file can disable an extension the system layer defines")
    func userDisablesSystemExtension() throws {
        let system = "extensions:\n  helper:\n    enabled: true\n    type: inline_python\n    code: print(1)\n"
        let result = try Permissions.scanInstallation(
            [Permissions.check("extension_inline_python")], tree: try FixtureTree("merge-disable"),
            user: "GOOSE_MODE: approve\nextensions:\n  helper:\n    enabled: false\n", system: system)
        // Disabled, it is still one extension-manager call away: reported one severity lower (medium to low).
        let findings = Permissions.findings(result, "extension_inline_python")
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .low)
        #expect(findings.first?.message.contains("disabled now") == true)
    }

    @Test("the effective configuration API names every value's origin")
    func originAPI() throws {
        let tree = try FixtureTree("merge-api")
        let userPath = try tree.file("config.yaml", "GOOSE_MODE: approve\nGOOSE_MODEL: gpt-4o\n")
        let systemPath = try tree.file("system.yaml", "GOOSE_MODE: auto\nGOOSE_PROVIDER: openai\n")
        func layer(_ path: String, _ role: RootRole, _ kind: ArtifactKind) throws -> (Artifact, Node) {
            let root = ScanRoot(label: "goose:\(role.rawValue)", path: path, role: role, isFile: true)
            let artifact = Artifact(root: root, path: path, relativePath: "", kind: kind, metadata: try FileMetadata.lstat(path).get())
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return (artifact, try StructuredReader.yaml(text).get().root!)
        }
        let config = EffectiveConfig(
            layers: [try layer(systemPath, .systemConfig, .systemConfig), try layer(userPath, .config, .config)],
            environment: ["GOOSE_MODEL": "o3"])
        #expect(config.layers.map(\.kind) == [.systemConfig, .config])
        #expect(config.anchor.kind == .config)
        #expect(config.string("GOOSE_MODE") == "approve")
        #expect(config.value("GOOSE_MODE")?.origin.description.hasSuffix("config.yaml:1") == true)
        #expect(config.value("GOOSE_PROVIDER")?.origin.description.hasSuffix("system.yaml:2") == true)
        #expect(config.value("GOOSE_MODEL")?.origin == .environment("GOOSE_MODEL"))
        #expect(config.string("GOOSE_MODEL") == "o3")
    }

    @Test("environment lists are parsed as JSON, as goose parses them")
    func environmentJSONLists() throws {
        let tree = try FixtureTree("merge-env-list")
        let user =
            "GOOSE_MODE: approve\nextensions:\n  jira:\n    enabled: true\n    type: stdio\n    cmd: npx\n    args: [\"@acme/jira@1.0.0\"]\n    available_tools: [search]\n"
        let result = try Permissions.scanInstallation(
            [Permissions.check("extension_search_path_hijack")], tree: tree, user: user,
            environment: ["GOOSE_SEARCH_PATHS": "[\"/opt/tools\", \"/tmp/evil\"]"])
        let findings = Permissions.findings(result, "extension_search_path_hijack")
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("/tmp/evil") == true)
        #expect(findings.first?.message.contains("environment variable GOOSE_SEARCH_PATHS") == true)
    }

    @Test("in a repository, each goose config is its own stack, other config.yaml files are ignored, and the environment does not apply")
    func repositoryStacks() throws {
        let tree = try FixtureTree("repo-stacks")
        try tree.file("team-a/config.yaml", "GOOSE_MODE: auto\n")
        try tree.file("team-b/config.yaml", "GOOSE_MODE: approve\n")
        try tree.file("app/config.yaml", "database:\n  host: db\n")
        try tree.file("editor/config.yaml", "extensions:\n  spell: {enabled: true}\n")
        try tree.file("layers/extensions.yaml", "extensions:\n  wiki:\n    type: builtin\n")
        let result = CheckRunner.scan([mode], root: tree.root, role: .path, environment: ["GOOSE_MODE": "auto"])
        let findings = Permissions.findings(result, "goose_mode_auto")
        #expect(findings.map(\.location.path).sorted() == ["layers/extensions.yaml", "team-a/config.yaml"])
        let layer = try #require(findings.first { $0.location.path == "layers/extensions.yaml" })
        #expect(layer.severity == .high && layer.confidence == .medium, "a shared repository config is what its users get")
    }

    @Test("a search path other users can write is unsafe; an owner-only one is not")
    func writableSearchPath() throws {
        // Outside any shared temporary directory (the clone itself may live under /tmp), so the verdict
        // comes from the directory's own mode, not from its location.
        let candidates = ["/var/lib", "/srv", "/opt", ProcessInfo.processInfo.environment["HOME"] ?? ""]
        let writable: String? = candidates.first { !$0.isEmpty && access($0, W_OK) == 0 }
        let parent = try #require(writable, "needs a writable directory outside /tmp")
        let base = parent + "/goose-audit-perm-tests-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        try FileManager.default.createDirectory(atPath: base + "/shared", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/own", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        chmod(base, 0o755)
        chmod(base + "/shared", 0o777)
        chmod(base + "/own", 0o755)
        #expect(UnsafePaths.weakness(base + "/shared") == "is writable by other users")
        #expect(UnsafePaths.weakness(base + "/own") == nil)
        #expect(UnsafePaths.weakness("/tmp/tools") == "is under a shared temporary directory")
        #expect(UnsafePaths.weakness("bin") == "is relative, so it depends on the directory goose starts in")
    }

    @Test("provider endpoints from the environment count only for known providers")
    func providerEnvironment() throws {
        let result = try Permissions.scanInstallation(
            [Permissions.check("provider_cleartext_endpoint")], tree: try FixtureTree("provider-env"), user: "GOOSE_MODE: approve\n",
            environment: ["OLLAMA_HOST": "http://192.168.1.20:11434", "BUILDCACHE_ENDPOINT": "http://10.0.0.3:9000"])
        let findings = Permissions.findings(result, "provider_cleartext_endpoint")
        #expect(findings.map(\.location.keyPath) == ["OLLAMA_HOST"])
        #expect(findings.first?.message.contains("environment variable OLLAMA_HOST") == true)
    }
}
