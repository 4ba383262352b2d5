import GooseAuditCore

/// goose configuration written by an unquoted here-document: the shell fills in variables at run time.
struct EmbeddedConfigExpanded: ArtifactCheck {
    let descriptor = CheckDescriptor(
        id: "embedded_config_expanded_at_runtime", title: "goose configuration filled in by the shell at run time",
        summary:
            "Reports goose configuration, recipes and hints written by an unquoted here-document (`<<EOF`) or an `echo` whose text holds `$VAR`, `${…}`, `$(…)` or backquotes.",
        rationale: """
            What goose reads is decided when the script runs, not what the repository shows: a variable holding a \
            newline adds keys (an extension, `GOOSE_MODE: auto`), and an environment an attacker can influence (a CI \
            input, a container's `-e`) writes the agent's configuration. goose-audit inspects the text as written.
            """,
        remediation:
            "Quote the delimiter (`<<'EOF'`) so the text is literal, and pass values through goose's own `${VAR}` substitution or `env_keys`.",
        severity: .low, category: .permissions, kind: .hygiene,
        artifactKinds: [.config, .recipe, .hints, .secretsFile, .permissionPolicy, .envFile],
        references: ["CWE-74", "CWE-15"],
        examples: [
            CheckExample(
                "unquoted here-document in an entrypoint", .fail, role: .path,
                files: [
                    .file(
                        "docker/entrypoint.sh",
                        "#!/bin/sh\ncat > \"$HOME/.config/goose/config.yaml\" <<EOF\nGOOSE_PROVIDER: ${PROVIDER}\nGOOSE_MODE: approve\nEOF\nexec goose session\n",
                        mode: 0o755)
                ], expected: ["docker/entrypoint.sh:3"]),
            CheckExample(
                "quoted delimiter", .pass, role: .path,
                files: [
                    .file(
                        "docker/entrypoint.sh",
                        "#!/bin/sh\ncat > \"$HOME/.config/goose/config.yaml\" <<'EOF'\nGOOSE_PROVIDER: ${PROVIDER}\nGOOSE_MODE: approve\nEOF\n",
                        mode: 0o755)
                ]),
        ])

    func inspect(_ target: CheckTarget) throws -> [Finding] {
        guard let embedding = target.artifact.embedding, embedding.expandsAtRunTime else { return [] }
        let lines = target.content?.lines ?? []
        let first = lines.firstIndex { $0.contains("$") || $0.contains("`") }.map { $0 + 1 } ?? 1
        return [
            descriptor.finding(
                "the shell fills in variables when it writes this \(target.artifact.kind.rawValue); goose reads what they hold then",
                at: target.artifact, line: first, evidence: .fact("unquoted here-document or echo with expansions"))
        ]
    }
}
