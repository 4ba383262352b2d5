import GooseAuditCore
import StructuredText

extension ExtensionRules {
    /// `extension_unpinned_package`: extension runs an unpinned package.
    struct UnpinnedPackage: ExtensionRule {
        let appliesToRecipes = true
        let descriptor = CheckDescriptor(
            id: "extension_unpinned_package", title: "Extension runs an unpinned package",
            summary:
                "Reports stdio extensions that run a package, image or script URL without a fixed version: `npx`, `bunx`, `pnpm dlx`, `yarn dlx`, `uvx`, `uv tool run`, `pipx run`, `deno run` of a URL, `docker`/`podman run`, `docker mcp gateway`, and `git+https` references without a commit.",
            rationale: """
                An unpinned package is fetched again whenever the cache misses, so the next publish of that name \
                (a compromised maintainer account, a typo-squat, a dependency confusion) runs with the user's \
                rights the next time goose starts. `-y` removes the only prompt. goose's OSV malware check is \
                fail-open when the service is unreachable.
                """,
            remediation: "Pin an exact version (`pkg@1.4.2`, `pkg==1.4.2`, an image digest) and mirror it internally.",
            severity: .medium, category: .permissions, kind: .configuration, artifactKinds: kinds,
            references: ["CWE-829", "CWE-494"] + references,
            examples: [
                CheckExample(
                    "npx -y with @latest", .fail, files: [.file("config.yaml", stdio(cmd: "npx", args: #"["-y", "mcp-jira@latest"]"#))],
                    expected: ["config.yaml:7#extensions.jira.args[1]"]),
                CheckExample(
                    "docker image without a tag", .fail,
                    files: [.file("config.yaml", stdio(cmd: "docker", args: "[run, -i, --rm, ghcr.io/acme/jira-mcp]"))],
                    expected: ["config.yaml:7#extensions.jira.args[3]"]),
                CheckExample(
                    "uvx with @latest, disabled", .fail,
                    files: [.file("config.yaml", stdio(cmd: "uvx", args: #"["mcp-jira@latest"]"#, enabled: false))],
                    expected: ["config.yaml:7#extensions.jira.args[0]"]),
                CheckExample(
                    "exact versions", .pass, files: [.file("config.yaml", stdio(cmd: "npx", args: #"["-y", "@acme/jira-mcp@1.4.2"]"#))]),
                CheckExample("uvx with ==", .pass, files: [.file("config.yaml", stdio(cmd: "uvx", args: #"["mcp-jira==1.4.2"]"#))]),
            ])

        func problems(_ entry: MergedEntry) -> [Problem] {
            Self.problem(entry).map { [$0] } ?? []
        }

        /// GA-PERM-006: a package, image or script URL run without a fixed version, by any runner
        /// (`PackageRunners`).
        static func problem(_ entry: MergedEntry) -> Problem? {
            let words = CommandFacts.words(entry)
            guard let found = PackageRunners.unpinned(words.map(\.0)), words.indices.contains(found.index) else { return nil }
            let autoYes = words.contains { $0.0 == "-y" || $0.0 == "--yes" }
            let prompt = autoYes ? ", installed without a prompt (-y)" : ""
            return Problem(
                setting: words[found.index].1,
                message:
                    "extension `\(entry.name)` runs `\(found.runner) \(found.spec)` with \(found.reason)\(prompt); whatever is published next runs with your rights",
                evidence: "\(found.runner) \(found.spec)")
        }
    }
}
