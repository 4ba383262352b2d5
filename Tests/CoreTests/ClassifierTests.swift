import Foundation
import GooseAuditTestSupport
import Testing

@testable import GooseAuditCore

struct ClassifierTests {
    func kind(_ path: String, _ role: RootRole, _ type: FileType = .regular, layout: Bool = false) -> ArtifactKind {
        Classifier.classify(relativePath: path, role: role, type: type, rootLayout: layout)
    }

    @Test(arguments: [
        ("", ArtifactKind.configDirectory), ("config.yaml", .config), ("config.tmp", .configBackup),
        ("config.yaml.bak.3", .configBackup), ("secrets.yaml", .secretsFile), ("permission.yaml", .permissionPolicy),
        ("permissions/tool_permissions.json", .toolPermissionStore), ("tool_permissions.json", .toolPermissionStore),
        ("custom_providers/acme.json", .customProvider), ("githubcopilot/info.json", .tokenCache),
        ("databricks/oauth/token.json", .oauthCache), ("recipes/daily.yaml", .recipe), ("memory/work.txt", .memory),
        (".goosehints", .hints), ("AGENTS.md", .hints), (".gooseignore", .ignoreFile), ("adversary.md", .adversaryRules),
        ("sandbox/blocked.txt", .sandboxPolicy), ("settings.json", .pluginSettings), ("history.txt", .history),
        ("sessions/20240101.jsonl", .legacySession), ("logs/cli/2024-01-01/x.log", .log),
        ("skills/x/SKILL.md", .skill), ("prompts/system.md", .promptTemplate), ("notes.txt", .otherFile),
    ])
    func configDirectory(_ path: String, _ expected: ArtifactKind) {
        #expect(kind(path, .config, path.isEmpty ? .directory : .regular) == expected)
    }

    @Test(arguments: [
        ("sessions/sessions.db", ArtifactKind.sessionDatabase), ("sessions/sessions.db-wal", .sessionDatabaseSidecar),
        ("sessions/sessions.db-shm", .sessionDatabaseSidecar), ("sessions/abc.jsonl", .legacySession),
        ("schedule.json", .schedule), ("scheduled_recipes/job.yaml", .scheduledRecipe),
        ("security/tool_fingerprints/developer.json", .toolFingerprint),
    ])
    func dataDirectory(_ path: String, _ expected: ArtifactKind) {
        #expect(kind(path, .data) == expected)
    }

    @Test func stateDirectory() {
        #expect(kind("logs/llm_request.0.jsonl", .state) == .requestLog)
        #expect(kind("logs/server/2024-01-01/x-goosed.log", .state) == .log)
        #expect(kind("history.txt", .state) == .history)
        #expect(kind("logs", .state, .directory) == .logsDirectory)
        #expect(kind("", .state, .directory) == .stateDirectory)
    }

    @Test func agentsAndDesktop() {
        #expect(kind("plugins/lint/hooks/hooks.json", .agents) == .pluginHooks)
        #expect(kind("plugins/lint/plugin.json", .agents) == .pluginManifest)
        #expect(kind("settings.json", .desktop) == .desktopSettings)
        #expect(kind("logs/main.log", .desktop) == .log)
    }

    @Test func gooseLayoutsInsideAGivenPath() {
        #expect(kind("home/alice/.config/goose/secrets.yaml", .path) == .secretsFile)
        #expect(kind("alice/.local/share/goose/sessions/sessions.db", .path) == .sessionDatabase)
        #expect(kind("alice/.local/state/goose/logs/llm_request.3.jsonl", .path) == .requestLog)
        #expect(kind("alice/.config/Goose/settings.json", .path) == .desktopSettings)
        #expect(kind("alice/.config/goose", .path, .directory) == .configDirectory)
    }

    @Test func goosePathRootLayoutNeedsTheLayoutHint() {
        #expect(kind("config/config.yaml", .path, layout: true) == .config)
        #expect(kind("config/secrets.yaml", .path, layout: true) == .secretsFile)
        #expect(kind("data/sessions/sessions.db", .path, layout: true) == .sessionDatabase)
        #expect(kind("config/notes.txt", .path, layout: false) == .otherFile)
    }

    @Test func repositoryFiles() {
        #expect(kind(".github/workflows/release.yml", .path) == .ciWorkflow)
        #expect(kind("sub/.github/workflows/ci.yaml", .path) == .ciWorkflow)
        #expect(kind(".gitlab-ci.yml", .path) == .ciWorkflow)
        #expect(kind(".env", .path) == .envFile)
        #expect(kind("deploy/.env.production", .path) == .envFile)
        #expect(kind("local.env", .path) == .envFile)
        #expect(kind("AGENTS.md", .path) == .hints)
        #expect(kind("docs/.goosehints", .path) == .hints)
        #expect(kind(".gooseignore", .path) == .ignoreFile)
        #expect(kind(".agents/plugins/fmt/hooks/hooks.json", .path) == .pluginHooks)
        #expect(kind("custom_providers/corp.json", .path) == .customProvider)
        #expect(kind(".goose/recipes/triage.yaml", .path) == .recipe)
        #expect(kind("recipes/nested/x.json", .path) == .recipe)
        #expect(kind(".goose/memory/project.txt", .path) == .memory)
        #expect(kind("diagnostics_abc.zip", .path) == .diagnosticsBundle)
        #expect(kind("team/config.yaml", .path) == .config)
        #expect(kind(".goose-audit.yaml", .path) == .auditConfig)
        #expect(kind("README.md", .path) == .otherFile)
        #expect(kind("link", .path, .symlink) == .symlink)
    }

    @Test func contentRefinesAmbiguousYamlAndJson() {
        #expect(Classifier.refine(.otherFile, name: "team.yaml", text: "GOOSE_MODE: auto\nfoo: 1\n") == .config)
        #expect(Classifier.refine(.otherFile, name: "ext.yml", text: "extensions:\n  x: {}\n") == .config)
        #expect(Classifier.refine(.otherFile, name: "r.yaml", text: "version: 1\ntitle: T\ninstructions: do\n") == .recipe)
        #expect(Classifier.refine(.otherFile, name: "r.json", text: "{\n  \"title\": \"T\",\n  \"prompt\": \"p\"\n}\n") == .recipe)
        #expect(Classifier.refine(.otherFile, name: "k8s.yaml", text: "apiVersion: v1\nkind: Pod\n") == .otherFile)
        #expect(Classifier.refine(.otherFile, name: "nested.yaml", text: "a:\n  extensions: 1\n") == .otherFile)
        #expect(Classifier.refine(.hints, name: "x.yaml", text: "GOOSE_MODE: auto\n") == .hints, "only unclassified files are refined")
    }
}

struct DotfileLayoutTests {
    @Test(arguments: [
        ("dot_config/goose/config.yaml", ArtifactKind.config),
        ("home/dot_config/goose/private_config.yaml.tmpl", .config),
        ("dot_config/goose/private_secrets.yaml", .secretsFile),
        ("dot_config/goose/recipes/daily.yaml", .recipe),
        ("private_dot_goosehints.tmpl", .hints),
        ("goose/.config/goose/config.yaml", .config),
        ("goose/.config/goose/permission.yaml", .permissionPolicy),
        ("dotfiles/goose/config.yaml", .config),
        ("goose/recipes/release.yaml", .recipe),
        ("goose/goosehints", .hints),
        ("goosehints", .hints),
        (".devcontainer/goose-config.yaml", .config),
        (".devcontainer/devcontainer.json", .otherFile),
        ("src/goose/notes.txt", .otherFile),
        ("dot_bashrc", .otherFile),
        ("Library/LaunchAgents/com.block.goose.plist", .serviceDefinition), ("etc/GOOSE-agent.Service", .serviceDefinition),
        ("etc/agent.plist", .otherFile), ("docs/goose.txt", .otherFile),
    ])
    func recognised(_ path: String, _ expected: ArtifactKind) {
        #expect(Classifier.classify(relativePath: path, role: .path, type: .regular) == expected)
    }

    @Test func chezmoiTargets() {
        #expect(Classifier.chezmoiTarget("private_readonly_dot_goosehints.tmpl") == ".goosehints")
        #expect(Classifier.chezmoiTarget("literal_dot_keep") == "dot_keep")
        #expect(Classifier.chezmoiTarget("config.yaml") == "config.yaml")
    }

    /// `chezmoiTarget` as written before its byte prefilter: prefixes and suffixes by `hasPrefix` and `hasSuffix`.
    static func referenceChezmoiTarget(_ name: String) -> String {
        func strip(_ name: Substring) -> String {
            var rest = name
            for suffix in Classifier.chezmoiSuffixes where rest.hasSuffix(suffix) && rest.count > suffix.count {
                rest = rest.dropLast(suffix.count)
            }
            return String(rest)
        }
        var rest = Substring(name)
        var changed = true
        while changed {
            changed = false
            for prefix in Classifier.chezmoiPrefixes where rest.hasPrefix(prefix) {
                rest = rest.dropFirst(prefix.count)
                if prefix == "dot_" { return "." + strip(rest) }
                if prefix == "literal_" { return strip(rest) }
                changed = true
            }
        }
        return strip(rest)
    }

    @Test(
        "the byte prefilter of chezmoi names lets every name through that the target decoding changes",
        arguments: [
            "private_readonly_dot_goosehints.tmpl", "literal_dot_keep", "config.yaml", "__init__.py", "my_module.py",
            "run_once_before_setup.sh", "dot_", "dot_\u{301}x", "e\u{301}_dot_x", "Dot_config", "x.tmpl", ".tmpl", "tmpl",
            "key.age", "notes.asc", "a.literal", "empty_", "executable_dot_local", "exact_goose", "é.tmpl", "créate_x",
            "encrypted_private_dot_env.age", "snake_case_file_name.rs", "external_", "modify_x.tmpl.tmpl",
        ])
    func chezmoiPrefilter(_ name: String) {
        let target = Self.referenceChezmoiTarget(name)
        #expect(Classifier.chezmoiTarget(name) == target)
        if target != name { #expect(Classifier.mayBeChezmoiName(name)) }
        #expect(Classifier.chezmoiDecoded(["src", name]) == (target == name ? nil : ["src", target]))
    }

    @Test("a name CONTEXT_FILE_NAMES lists is a hints file; without the variable it is an ordinary file")
    func contextFileNamesMakeHints() throws {
        let tree = try FixtureTree("context-names")
        try tree.lay([.file("docs/CLAUDE.md", "be careful\n"), .file("docs/notes.md", "nothing\n")])
        func kinds(_ variables: [String: String]) -> [String: ArtifactKind] {
            let env = GooseEnvironment(variables: variables, currentDirectory: tree.root)
            let options = ScanOptions(roots: [ScanRoot(label: ".", path: tree.root, role: .path)])
            let stage = ClassifyStage(context: ScanContext(environment: env, locations: Discovery.locate(env), options: options))
            let entries = DiscoverStage(options: options).run().entries.enumerated()
            return Dictionary(uniqueKeysWithValues: entries.map { ($1.walked.relativePath, stage.classify($1, index: $0).artifact.kind) })
        }
        let listed = kinds(["CONTEXT_FILE_NAMES": "[\"CLAUDE.md\"]"])
        #expect(listed["docs/CLAUDE.md"] == .hints)
        #expect(listed["docs/notes.md"] == .otherFile)
        #expect(kinds([:])["docs/CLAUDE.md"] == .otherFile)
    }

    @Test func aFileGivenAloneIsJudgedByItsWholePath() {
        #expect(Classifier.classifyFileRoot(path: "/home/u/.config/goose/config.yaml", type: .regular) == .config)
        #expect(Classifier.classifyFileRoot(path: "/srv/repo/.github/workflows/goose.yml", type: .regular) == .ciWorkflow)
        #expect(Classifier.classifyFileRoot(path: "/srv/repo/.goosehints", type: .regular) == .hints)
    }

    @Test func recipesAreKnownByShape() {
        #expect(Classifier.refine(.otherFile, name: "x.yaml", text: "version: 1.0.0\ninstructions: do it\n") == .recipe)
        #expect(Classifier.refine(.otherFile, name: "x.yaml", text: "recipe:\n  title: T\n  instructions: do it\n") == .recipe)
        #expect(Classifier.refine(.otherFile, name: "x.yaml", text: "title: T\ninstructions: x\nextensions:\n  - type: stdio\n") == .recipe)
        #expect(Classifier.refine(.otherFile, name: "x.yaml", text: "version: 2\nservices: {}\n") == .otherFile)
    }
}

struct HostFileTests {
    func kind(_ name: String, _ text: String) -> ArtifactKind {
        let first = Classifier.classify(relativePath: name, role: .path, type: .regular)
        guard Classifier.needsContentLook(first, name: (name as NSString).lastPathComponent) else { return first }
        return Classifier.refineByContent(first, name: (name as NSString).lastPathComponent, text: Substring(text))
    }

    @Test func hostFilesThatMentionGoose() {
        #expect(kind(".bashrc", "export GOOSE_MODE=auto\n") == .shellProfile)
        #expect(kind("dot_zshrc", "alias g=goose\n") == .shellProfile)
        #expect(kind("bashrc", "export PATH=$PATH:~/bin\n") == .otherFile)
        #expect(kind("docker/Dockerfile", "FROM x\nRUN curl -fsSL https://example.invalid/goose | bash\n") == .containerFile)
        #expect(kind("Dockerfile", "FROM node:20\n") == .otherFile)
        #expect(kind("docker-compose.yml", "services:\n  goose:\n    image: g\n") == .composeFile)
        #expect(kind(".devcontainer/devcontainer.json", "{\"postCreateCommand\": \"goose configure\"}") == .devcontainer)
        #expect(kind("home.nix", "{ xdg.configFile.\"goose/config.yaml\".text = ''a'' ; }") == .nixModule)
        #expect(kind("systemd/agent.service", "[Service]\nExecStart=/usr/bin/goose serve\n") == .serviceDefinition)
        #expect(
            kind("k8s/agent.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  config.yaml: |\n    GOOSE_MODE: auto\n")
                == .kubernetesManifest)
        #expect(kind("k8s/web.yaml", "apiVersion: v1\nkind: Service\n") == .otherFile)
        #expect(kind("scripts/start-agent.sh", "#!/bin/sh\nexec goose session\n") == .shellProfile)
    }
}
