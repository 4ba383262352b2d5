/// Files that goose releases since mid-2026 write or read (see docs/goose-surface.md for the goose
/// source file of each): provider token caches, roaming identity and trust, TLS keys, session
/// database backups, plugin server lists and install records, custom agents, review instructions,
/// skills in other agents' folders, and the binaries and package metadata that carry goose's version.
extension Classifier {
    /// Provider token caches under `<config>`, as `[directory…, file]` (`providers/provider_secrets.rs`).
    static let tokenCacheFiles: Set<[String]> = [
        ["chatgpt_codex", "tokens.json"], ["gemini_oauth", "tokens.json"], ["xai_oauth", "tokens.json"],
        ["kimicode", "token.json"], ["kimicode", "device_id"], ["muse_code", "token.json"],
        ["huggingface", "oauth", "tokens.json"],
    ]

    /// A file under `<config>` that current goose releases write; nil when the older rules decide.
    static func currentConfigFile(_ parts: [String]) -> ArtifactKind? {
        let name = parts.last ?? ""
        if tokenCacheFiles.contains(parts) { return .tokenCache }
        switch (parts.count, parts.first ?? "") {
        case (3, "githubcopilot") where name == "info.json": return .tokenCache  // one cache per GitHub host
        case (1, "roaming_trust.json"): return .roamingTrust
        case (1, "roaming_node_key"): return .roamingKey
        case (2, "tls") where name.hasSuffix(".key"): return .tlsKey
        case (1, "settings.local.json"): return .pluginSettings
        case (2, "agents") where name.lowercased().hasSuffix(".md"): return .agentInstructions
        default: return nil
        }
    }

    /// `<data>/backups/`: `goose db backup` and the automatic pre-migration copies of sessions.db.
    static func currentDataFile(_ parts: [String]) -> ArtifactKind? {
        guard parts.count == 2, parts[0] == "backups" else { return nil }
        let name = parts[1]
        if name.contains(".db-wal") || name.contains(".db-shm") || name.contains(".db-journal") { return .sessionDatabaseSidecar }
        if name.hasSuffix(".db") || name.hasSuffix(".sqlite") || name.hasSuffix(".bak") { return .sessionDatabase }
        return nil
    }

    /// A file under an `.agents` folder (the user's `~/.agents` or a project's): plugin parts,
    /// custom agents, review checks and the global AGENTS.md.
    static func agentsFile(_ parts: [String]) -> ArtifactKind {
        let name = parts.last ?? ""
        let markdown = name.lowercased().hasSuffix(".md")
        if parts.first == "plugins", parts.count >= 3 {
            let inside = Array(parts.dropFirst(2))
            switch inside {
            case ["hooks", "hooks.json"]: return .pluginHooks
            case [".mcp.json"]: return .pluginServers
            case [".goose-plugin-install.json"]: return .pluginInstall
            case ["plugin.json"], [".plugin", "plugin.json"], [".goose-plugin", "plugin.json"], ["gemini-extension.json"]:
                return .pluginManifest
            default: break
            }
            if inside.first == "skills" || name == "SKILL.md" { return markdown ? .skill : .pluginManifest }
            if ["agents", "commands"].contains(inside.first ?? ""), markdown { return .agentInstructions }
            // Scripts and anything else a plugin ships run or feed the agent: treat as plugin content.
            return .pluginManifest
        }
        switch (parts.count, parts.first ?? "") {
        case (_, "skills"): return .skill
        case (2, "agents") where markdown: return .agentInstructions
        case (2, "checks") where markdown: return .agentInstructions  // `goose review` checks
        case (1, "REVIEW.md"): return .agentInstructions
        case (1, "AGENTS.md"): return .hints  // user-level hints, read by every session
        default: return .otherFile
        }
    }

    /// Files recognised anywhere in a given tree by their folder: other agents' skill and agent
    /// folders goose reads, goose binaries and the desktop app's package metadata.
    static func currentRepositoryFile(_ parts: [String]) -> ArtifactKind? {
        let name = parts.last ?? ""
        let parent = parts.count >= 2 ? parts[parts.count - 2] : ""
        let markdown = name.lowercased().hasSuffix(".md")
        for (index, part) in parts.enumerated().dropLast() where [".goose", ".claude", "agents"].contains(part) {
            guard index + 1 < parts.count - 1 else { continue }
            let next = parts[index + 1]
            // `agents` counts only as `~/.config/agents/skills`.
            if part == "agents", !(index >= 1 && parts[index - 1] == ".config") { continue }
            if next == "skills", markdown || name == "SKILL.md" { return .skill }
            if next == "agents", markdown, index + 2 == parts.count - 1 { return .agentInstructions }
        }
        if parent == "bin", name == "goose" || name == "goosed" { return .gooseBinary }
        if parts.count >= 3, parts[parts.count - 3] == "resources", parent == "app", name == "package.json" {
            return .desktopPackage
        }
        if parent == "resources", name == "app.asar" { return .desktopPackage }
        return nil
    }
}
