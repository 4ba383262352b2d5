import GooseAuditCore
import GooseAuditTestSupport
import Testing

/// Issue 12 point 7: a file that looks like a goose artifact (or a CI workflow) but does not fit its
/// schema gets one `not-understood` notice naming it; its well-formed twin gets none.
struct NotUnderstoodTests {
    /// The `not-understood` notices of a scan of `files` laid out as a `role` root.
    func notices(_ files: [String: String], role: RootRole = .path, _ name: String) throws -> [Notice] {
        let tree = try FixtureTree(name)
        for (path, text) in files { try tree.file(path, text) }
        let result = CheckRunner.scan(Permissions.checks + Permissions.workflowChecks, root: tree.root, role: role)
        #expect(!result.notices.contains { $0.kind == .checkFailed }, "\(result.notices)")
        return result.notices.filter { $0.kind == .notUnderstood }
    }

    static let validConfig =
        "GOOSE_MODE: smart_approve\nextensions:\n  developer:\n    enabled: true\n    type: builtin\n    name: developer\n"

    @Test("a TOML body in config.yaml is named as TOML, not as a bare parse error")
    func tomlConfig() throws {
        let toml = "[goose]\nmode = \"auto\"\n\n[extensions.github]\ncmd = \"npx\"\n"
        let found = try notices(["config.yaml": toml], role: .config, "toml")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.path.hasSuffix("config.yaml") == true)
        #expect(found.first?.message.contains("TOML") == true)
        #expect(try notices(["config.yaml": Self.validConfig], role: .config, "toml-twin").isEmpty)
    }

    @Test("extensions as a list in a goose config is not goose's extension map")
    func extensionList() throws {
        let config = "GOOSE_MODE: approve\nextensions:\n  - name: github\n    type: stdio\n    cmd: github-mcp-server\n"
        let found = try notices(["goose/config.yaml": config], "ext-list")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.path.hasSuffix("goose/config.yaml") == true)
        #expect(found.first?.message.contains("`extensions` (line 2) is a list") == true)
        #expect(try notices(["goose/config.yaml": Self.validConfig], "ext-list-twin").isEmpty)
    }

    @Test("a goose 0.x profiles schema in config.yaml is named as legacy")
    func legacyProfiles() throws {
        let profiles = """
            default:
              provider: openai
              processor: gpt-4o
              accelerator: gpt-4o-mini
              moderator: truncate
              toolkits:
                - name: developer
                  requires: {}

            """
        let found = try notices(["config.yaml": profiles], role: .config, "legacy")
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.message.contains("goose 0.x") == true)
        #expect(found.first?.message.contains("`default`") == true)
        let flat = try notices(["config.yaml": "provider: openai\nprocessor: gpt-4o\ntoolkits: []\n"], role: .config, "legacy-flat")
        #expect(flat.count == 1 && flat.first?.message.contains("accelerator") == false, "\(flat)")
        // Current keys that happen to share a name with an old one are fine.
        let current = Self.validConfig + "providers:\n  openai: {enabled: true, model: gpt-4o}\n"
        #expect(try notices(["config.yaml": current], role: .config, "legacy-twin").isEmpty)
    }

    @Test("structurally invalid GitHub workflows: no on, jobs not a mapping, steps not a list")
    func gitHubShapes() throws {
        let cases: [(String, String, String)] = [
            ("no-on", "jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n", "no `on:` trigger"),
            ("no-jobs", "on: push\nsteps:\n  - run: make\n", "has no `jobs:`"),
            ("jobs-list", "on: push\njobs:\n  - build\n", "`jobs` (line 2) is not a mapping"),
            ("job-scalar", "on: push\njobs:\n  build: make\n", "job `build` (line 3) is not a mapping"),
            (
                "steps-map", "on: push\njobs:\n  build:\n    runs-on: x\n    steps:\n      run: make\n",
                "`jobs.build.steps` (line 5) is not a list"
            ),
            ("top-list", "- on: push\n", "not a mapping of keys"),
        ]
        for (name, body, expected) in cases {
            let found = try notices([".github/workflows/\(name).yml": body], "wf-\(name)")
            #expect(found.count == 1, "\(name): \(found)")
            #expect(found.first?.path.hasSuffix(".github/workflows/\(name).yml") == true, "\(name)")
            #expect(found.first?.message.contains(expected) == true, "\(name): \(found.first?.message ?? "none")")
        }
        let valid = "on:\n  push:\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"
        #expect(try notices([".github/workflows/ok.yml": valid], "wf-twin").isEmpty)
    }

    @Test("structurally invalid GitLab CI: a job that is not a mapping, stages not a list")
    func gitLabShapes() throws {
        let broken = "stages: build\nbuild: make all\ntest:\n  script:\n    run: make test\n"
        let found = try notices([".gitlab-ci.yml": broken], "gl-bad")
        #expect(found.count == 3, "\(found)")
        #expect(found.allSatisfy { $0.path.hasSuffix(".gitlab-ci.yml") })
        #expect(found.contains { $0.message.contains("`stages` (line 1) is not a list") })
        #expect(found.contains { $0.message.contains("job `build` (line 2)") })
        #expect(found.contains { $0.message.contains("`test.script` (line 4)") })
        let valid = "stages: [build]\nvariables:\n  A: b\n.template:\n  image: x\nbuild:\n  stage: build\n  script: make\n"
        #expect(try notices([".gitlab-ci.yml": valid], "gl-twin").isEmpty)
        let spec = "spec:\n  inputs:\n    stage:\n      default: test\n---\nreview:\n  script: [goose run]\n"
        #expect(try notices(["ci/review.gitlab-ci.yml": spec], "gl-spec").isEmpty)
    }
}
