import GooseAuditCore
import StructuredText
import Testing

struct EnvironmentLayerTests {
    @Test func shellStartupFile() throws {
        let text = """
            # goose
            export GOOSE_MODE=auto
            GOOSE_PROVIDER=openai
            LOCAL_ONLY=1
            export GOOSE_PROVIDER
            set -gx GOOSE_DISABLE_KEYRING true
            alias g='goose session'
            GOOSE_MODE=approve goose run --with-extension "npx -y @scope/server" -t hi
            """
        let layer = EnvironmentLayer.fromShell(text)
        let mode = try #require(layer.assignments.first { $0.name == "GOOSE_MODE" })
        #expect(mode.value.value == "auto")
        #expect(mode.value.position == Position(line: 2, column: 19))
        #expect(layer.value(of: "GOOSE_PROVIDER")?.value.value == "openai")
        #expect(layer.value(of: "LOCAL_ONLY") == nil)
        #expect(layer.value(of: "GOOSE_DISABLE_KEYRING")?.value.value == "true")
        let command = try #require(layer.commandLines.first)
        #expect(layer.commandLines.count == 1)
        #expect(command.subcommand == "run")
        #expect(command.values(of: "--with-extension").map(\.text) == ["npx -y @scope/server"])
        #expect(command.line == 8)
    }

    @Test func systemdUnit() throws {
        let unit = """
            [Service]
            Environment="GOOSE_SERVER__SECRET_KEY=changeme" GOOSE_MODE=auto
            EnvironmentFile=-/etc/goose/env
            ExecStart=/usr/local/bin/goose serve --host 0.0.0.0 --port=3284
            """
        let layer = EnvironmentLayer.fromSystemd(unit)
        #expect(layer.assignments.map(\.name) == ["GOOSE_SERVER__SECRET_KEY", "GOOSE_MODE"])
        #expect(layer.assignments[1].namePosition == Position(line: 2, column: 49))
        #expect(layer.environmentFiles == ["/etc/goose/env"])
        let command = try #require(layer.commandLines.first)
        #expect(command.subcommand == "serve")
        #expect(command.values(of: "--host").first?.text == "0.0.0.0")
        #expect(command.values(of: "--port").first?.text == "3284")
    }

    @Test func dockerfile() throws {
        let text = """
            FROM debian:12
            ENV GOOSE_MODE=auto OTHER=1
            ENV GOOSE_PROVIDER anthropic
            CMD ["goose", "web", "--host", "0.0.0.0"]
            """
        let layer = EnvironmentLayer.fromDockerfile(text)
        #expect(layer.value(of: "GOOSE_MODE")?.value.position.line == 2)
        #expect(layer.value(of: "GOOSE_PROVIDER")?.value.value == "anthropic")
        #expect(layer.commandLines.first?.subcommand == "web")
        #expect(layer.commandLines.first?.values(of: "--host").first?.text == "0.0.0.0")
    }

    @Test func composeKubernetesAndCI() throws {
        let yaml = """
            services:
              goose:
                image: example/goose:1.2
                environment:
                  GOOSE_MODE: auto
                command: ["goose", "serve", "--dangerously-unauthenticated"]
            ---
            spec:
              containers:
                - name: agent
                  env:
                    - name: GOOSE_MODE
                      value: chat
                  args:
                    - |
                      goose run --recipe /r/recipe.yaml
            """
        let document = try StructuredReader.yaml(yaml).get()
        let layer = EnvironmentLayer.fromStructured(document, lines: yaml.split(separator: "\n", omittingEmptySubsequences: false))
        #expect(layer.assignments.map(\.value.value) == ["auto", "chat"])
        #expect(layer.commandLines.map(\.subcommand) == ["serve", "run"])
        #expect(layer.commandLines[0].flag("--dangerously-unauthenticated")?.position.line == 6)
        #expect(layer.commandLines[1].line == 16)
    }

    @Test func nixSessionVariablesAndServices() throws {
        let text = """
            {
              home.sessionVariables = {
                GOOSE_MODE = "auto";
                EDITOR = "vim";
              };
              systemd.user.services.goose.Service.ExecStart = "${pkgs.goose-cli}/bin/goose serve --host 0.0.0.0";
              programs.git.enable = true;
            }
            """
        let layer = EnvironmentLayer.fromNix(text)
        #expect(layer.assignments.map(\.name) == ["GOOSE_MODE", "EDITOR"])
        #expect(layer.assignments[0].value.position == Position(line: 3, column: 19))
        #expect(layer.commandLines.first?.values(of: "--host").first?.position.line == 6)
    }
}

struct EnvironmentSettingsTests {
    @Test func settingsAndCommandLineExtensionsBecomeAConfigDocument() throws {
        let text = """
            export GOOSE_MODE=auto
            export OPENAI_API_KEY=placeholder
            export OPENAI_HOST=http://10.0.0.5:8080
            goose session --with-extension "GITHUB_TOKEN=abc npx -y @modelcontextprotocol/server-github@latest" \\
              --with-streamable-http-extension http://tools.example.internal/mcp
            """
        let settings = try #require(EnvironmentLayer.fromShell(text).gooseSettings())
        let root = try #require(settings.root)
        #expect(root["GOOSE_MODE"]?.string == "auto")
        #expect(root["GOOSE_MODE"]?.scalar?.position.line == 1)
        #expect(root["OPENAI_API_KEY"] == nil)
        #expect(root["OPENAI_HOST"]?.string == "http://10.0.0.5:8080")
        let extensions = try #require(root["extensions"])
        #expect(extensions.pairs.count == 2)
        let stdio = extensions.pairs[0].value
        #expect(stdio["cmd"]?.string == "npx")
        #expect(stdio["args"]?.items.compactMap(\.string) == ["-y", "@modelcontextprotocol/server-github@latest"])
        #expect(stdio["envs"]?["GITHUB_TOKEN"]?.string == "abc")
        #expect(stdio["cmd"]?.scalar?.position.line == 4)
        #expect(extensions.pairs[1].value["uri"]?.string == "http://tools.example.internal/mcp")
        #expect(extensions.pairs[1].value["uri"]?.scalar?.position.line == 5)
    }

    @Test func nothingForGooseIsNil() {
        #expect(EnvironmentLayer.fromShell("export EDITOR=vim\nalias ll='ls -l'\n").gooseSettings() == nil)
    }
}
