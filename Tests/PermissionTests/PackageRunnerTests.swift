import Testing

@testable import AgentPermissionChecks

struct PackageRunnerTests {
    func judge(_ line: String) -> String? {
        PackageRunners.unpinned(line.split(separator: " ").map(String.init)).map { "\($0.runner) \($0.spec): \($0.reason)" }
    }

    @Test(arguments: [
        ("npx -y @modelcontextprotocol/server-github", "npx @modelcontextprotocol/server-github: no version"),
        ("npx -y pkg@latest", "npx pkg@latest: the moving version latest"),
        ("bunx pkg@^1.2", "bunx pkg@^1.2: the version range ^1.2"),
        ("pnpm dlx pkg", "pnpm dlx pkg: no version"),
        ("yarn dlx pkg@next", "yarn dlx pkg@next: the moving version next"),
        ("uvx mcp-server-fetch", "uvx mcp-server-fetch: no version"),
        ("uvx mcp-server-fetch@latest", "uvx mcp-server-fetch@latest: the moving version latest"),
        ("uvx --from mcp-tools>=1.0 mcp-tool", "uvx mcp-tools>=1.0: a version range"),
        ("uv tool run mcp-server-git", "uv tool run mcp-server-git: no version"),
        ("pipx run some-mcp", "pipx run some-mcp: no version"),
        ("deno run -A https://example.invalid/mcp/main.ts", "deno run https://example.invalid/mcp/main.ts: a URL without a fixed version"),
        ("docker run -i --rm -e TOKEN ghcr.io/acme/mcp", "docker run ghcr.io/acme/mcp: no tag"),
        ("podman run ghcr.io/acme/mcp:latest", "podman run ghcr.io/acme/mcp:latest: the moving tag latest"),
        ("docker mcp gateway run", "docker mcp gateway catalog servers: servers pulled from the catalog at run time"),
        (
            "uvx --from git+https://github.com/acme/mcp@main acme-mcp",
            "uvx git+https://github.com/acme/mcp@main: the git reference main, not a commit"
        ),
    ])
    func unpinned(_ line: String, _ expected: String) {
        #expect(judge(line) == expected)
    }

    @Test(arguments: [
        "npx -y @modelcontextprotocol/server-github@2025.4.8",
        "uvx mcp-server-fetch==2025.1.17",
        "uvx mcp-server-fetch@2025.1.17",
        "uv tool run mcp-server-git==0.6.2",
        "pipx run some-mcp==1.0.0",
        "deno run -A https://deno.land/x/mcp@1.2.3/main.ts",
        "docker run -i --rm ghcr.io/acme/mcp:1.4.2",
        "docker run ghcr.io/acme/mcp@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "uvx --from git+https://github.com/acme/mcp@0123456789abcdef0123456789abcdef01234567 acme-mcp",
        "node dist/index.js",
        "yarn install",
    ])
    func pinnedOrNotARunner(_ line: String) {
        #expect(judge(line) == nil)
    }
}
