import Testing

@testable import AgentPermissionChecks

struct CommandLineFactsTests {
    func words(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }

    @Test func relativeScripts() {
        #expect(CommandLineFacts.relativeScript(words("node dist/index.js")) == 1)
        #expect(CommandLineFacts.relativeScript(words("./bin/server --stdio")) == 0)
        #expect(CommandLineFacts.relativeScript(words("python3 -u tools/mcp.py")) == 2)
        #expect(CommandLineFacts.relativeScript(words("uv run server.py")) == nil)  // a bare file name is PATH-free but not a path
        #expect(CommandLineFacts.relativeScript(words("node /opt/mcp/index.js")) == nil)
        #expect(CommandLineFacts.relativeScript(words("python -m mcp_server_git")) == nil)
        #expect(CommandLineFacts.relativeScript(words("npx -y pkg@1.0.0")) == nil)
    }

    @Test func bareCommands() {
        #expect(CommandLineFacts.bareCommand(words("acme-mcp --stdio")))
        #expect(!CommandLineFacts.bareCommand(words("npx -y x")))
        #expect(!CommandLineFacts.bareCommand(words("/usr/local/bin/acme-mcp")))
    }

    @Test func filesystemRoots() {
        #expect(CommandLineFacts.filesystemRoot(words("npx -y @modelcontextprotocol/server-filesystem@1.0.0 /")) == 3)
        #expect(CommandLineFacts.filesystemRoot(words("npx -y @modelcontextprotocol/server-filesystem ~")) == 3)
        #expect(CommandLineFacts.filesystemRoot(words("npx @modelcontextprotocol/server-filesystem /home/alice")) == 2)
        #expect(CommandLineFacts.filesystemRoot(words("npx @modelcontextprotocol/server-filesystem /home/alice/projects/site")) == nil)
    }

    @Test func credentialArguments() {
        // goose-audit:ignore * synthetic test value
        #expect(CommandLineFacts.credentialArgument(words("acme-mcp --api-key q8Zt2LmPx7VwR4nB"))?.index == 2)
        // goose-audit:ignore * synthetic test value
        #expect(CommandLineFacts.credentialArgument(words("acme-mcp --token=9f3c2a7e-51b4-4c1e-a9d2-6b0e7f8c1d23"))?.flag == "--token")
        // goose-audit:ignore * synthetic test value
        #expect(CommandLineFacts.credentialArgument(["curl", "-H", "Authorization: Bearer abcd1234efgh5678"])?.index == 2)
        #expect(CommandLineFacts.credentialArgument(words("acme-mcp --api-key $ACME_KEY")) == nil)
        #expect(CommandLineFacts.credentialArgument(words("acme-mcp --api-key ${ACME_KEY}")) == nil)
        #expect(CommandLineFacts.credentialArgument(words("acme-mcp --api-key your_api_key_here")) == nil)
        #expect(CommandLineFacts.credentialArgument(words("acme-mcp --key-file /etc/acme.key")) == nil)
    }
}
