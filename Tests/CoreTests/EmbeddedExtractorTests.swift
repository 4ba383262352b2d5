import GooseAuditCore
import StructuredText
import Testing

struct ShellScriptTests {
    @Test func wordsQuotesAndRedirections() {
        let script = ShellScript("export A='x y' B=\"$HOME/z\"  # comment\ncat <<'EOF' | tee -a ~/.goosehints\nhello $X\nEOF\n")
        #expect(script.commands.count == 3)
        #expect(script.commands[0].words.map(\.text) == ["export", "A=x y", "B=$HOME/z"])
        #expect(script.commands[0].words[2].expands)
        #expect(script.commands[1].terminator == "|")
        #expect(script.commands[2].writeTarget?.text == "~/.goosehints")
        #expect(script.heredocs.count == 1)
        #expect(script.heredocs[0].lines == ["hello $X"])
        #expect(script.heredocs[0].firstLine == 3)
        #expect(!script.heredocs[0].expandsAtRunTime)
    }

    @Test func continuationAndTabStrippedHeredoc() {
        let script = ShellScript("goose run \\\n  --with-extension 'npx x'\nif true; then\n\tcat <<-END >f\n\t\ta: 1\n\tEND\nfi\n")
        #expect(script.commands[0].words.map(\.text) == ["goose", "run", "--with-extension", "npx x"])
        #expect(script.commands[0].words[2].position == Position(line: 2, column: 3))
        #expect(script.heredocs.first?.lines == ["a: 1"])  // `<<-` strips every leading tab
        #expect(script.heredocs.first?.unterminated == false)
    }

    @Test func unterminatedHeredocRunsToTheEnd() {
        let script = ShellScript("cat > x <<EOF\na\nb")
        #expect(script.heredocs.first?.unterminated == true)
        #expect(script.heredocs.first?.lines == ["a", "b"])
    }
}

struct EmbeddedExtractorTests {
    @Test func entrypointHeredocBecomesAConfigAtItsLines() throws {
        let text = """
            #!/bin/sh
            mkdir -p ~/.config/goose
            cat > "$HOME/.config/goose/config.yaml" <<EOF
            GOOSE_MODE: auto
            GOOSE_PROVIDER: $PROVIDER
            EOF
            exec goose session
            """
        let found = EmbeddedExtractor.fromShell(text)
        let doc = try #require(found.first)
        #expect(found.count == 1)
        #expect(doc.kind == .config)
        #expect(doc.firstLine == 4)
        #expect(doc.hostLine(2) == 5)
        #expect(doc.expandsAtRunTime)
        #expect(doc.text == "GOOSE_MODE: auto\nGOOSE_PROVIDER: $PROVIDER\n")
    }

    @Test func quotedHeredocIsLiteralAndRecipeIsKnownByShape() throws {
        let text = "cat <<'RECIPE' > /work/review.yaml\nversion: 1.0.0\ntitle: Review\ninstructions: review it\nRECIPE\n"
        let doc = try #require(EmbeddedExtractor.fromShell(text).first)
        #expect(doc.kind == .recipe)
        #expect(!doc.expandsAtRunTime)
        #expect(doc.target == "/work/review.yaml")
    }

    @Test func unrelatedHeredocsAreIgnored() {
        #expect(EmbeddedExtractor.fromShell("cat > /etc/nginx/nginx.conf <<EOF\nserver {}\nEOF\n").isEmpty)
        #expect(EmbeddedExtractor.fromShell("cat > /app/config.yaml <<EOF\nport: 80\nEOF\n").isEmpty)
    }

    @Test func dockerfileRunHeredocAndCopyHeredocAndEcho() {
        let text = """
            FROM debian:12
            RUN <<SCRIPT
            mkdir -p /root/.config/goose
            cat > /root/.config/goose/config.yaml <<'EOF'
            GOOSE_MODE: auto
            EOF
            SCRIPT
            COPY <<EOF /root/.config/goose/secrets.yaml
            OPENAI_API_KEY: placeholder
            EOF
            RUN echo "GOOSE_MODE: approve\\nGOOSE_PROVIDER: openai" > ~/.config/goose/config.yaml
            """
        let found = EmbeddedExtractor.fromShell(text)
        #expect(found.map(\.kind) == [.config, .secretsFile, .config])
        #expect(found.map(\.firstLine) == [5, 9, 11])
        #expect(found[2].singleLine)
        #expect(found[2].text == "GOOSE_MODE: approve\nGOOSE_PROVIDER: openai\n")
    }

    @Test func nixTextBlocks() throws {
        let text = """
            { config, pkgs, ... }:
            {
              xdg.configFile."goose/config.yaml".text = ''
                GOOSE_MODE: auto
                extensions:
                  dev:
                    cmd: npx
              '';
              home.file.".goosehints".text = "always run tests";
            }
            """
        let found = EmbeddedExtractor.fromNix(text)
        #expect(found.count == 2)
        let config = try #require(found.first)
        #expect(config.kind == .config)
        #expect(config.firstLine == 4)
        #expect(config.text == "GOOSE_MODE: auto\nextensions:\n  dev:\n    cmd: npx\n")
        #expect(found[1].kind == .hints)
        #expect(found[1].singleLine)
    }

    @Test func kubernetesConfigMapAndComposeContent() throws {
        let yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: goose
            data:
              config.yaml: |
                GOOSE_MODE: auto
                GOOSE_PROVIDER: anthropic
            """
        let document = try StructuredReader.yaml(yaml).get()
        let found = EmbeddedExtractor.fromStructured(document, lines: yaml.split(separator: "\n", omittingEmptySubsequences: false))
        let doc = try #require(found.first)
        #expect(doc.kind == .config)
        #expect(doc.firstLine == 7)

        let compose = """
            services:
              agent:
                image: ghcr.io/example/goose:1.0
                configs:
                  - source: goose_config
                    target: /root/.config/goose/config.yaml
            configs:
              goose_config:
                content: |
                  GOOSE_MODE: smart_approve
            """
        let composeDoc = try StructuredReader.yaml(compose).get()
        let fromCompose = EmbeddedExtractor.fromStructured(
            composeDoc, lines: compose.split(separator: "\n", omittingEmptySubsequences: false))
        #expect(fromCompose.first?.kind == .config)
        #expect(fromCompose.first?.target == "/root/.config/goose/config.yaml")
        #expect(fromCompose.first?.firstLine == 10)
    }
}
