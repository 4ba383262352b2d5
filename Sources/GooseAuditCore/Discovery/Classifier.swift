/// Decides what a file is for goose, from its place (root role and relative path), its name and,
/// for ambiguous YAML and JSON files, its content.
public enum Classifier {
    /// Directory names never descended into under a user-given path (not under goose's own roots);
    /// SwiftPM scratch folders (`.build*`) are skipped too.
    public static let skippedDirectoryNames: Set<String> = [
        ".git", ".hg", ".svn", "node_modules", ".build", ".venv", "venv", "__pycache__", ".cache", ".npm",
        ".cargo", ".rustup", ".gradle", ".m2", ".tox", ".mypy_cache", ".pytest_cache",
    ]

    /// The kind of the entry at `relativePath` under a root of `role`.
    ///
    /// - Parameter rootLayout: the path root looks like a `GOOSE_PATH_ROOT` tree (`config/` with `data/` or `state/`).
    public static func classify(relativePath: String, role: RootRole, type: FileType, rootLayout: Bool = false) -> ArtifactKind {
        if type == .symlink { return .symlink }
        let parts = relativePath.split(separator: "/").map(String.init)
        let isDirectory = type == .directory
        switch role {
        case .config: return config(parts, isDirectory)
        case .data: return data(parts, isDirectory)
        case .state: return state(parts, isDirectory)
        case .agents: return agents(parts, isDirectory)
        case .desktop: return desktop(parts, isDirectory)
        case .legacy: return config(parts, isDirectory)
        case .history: return .history
        case .systemConfig: return isDirectory ? .directory : .systemConfig
        case .additionalConfig: return isDirectory ? .directory : .additionalConfig
        case .path: return path(parts, isDirectory, rootLayout: rootLayout)
        }
    }

    // MARK: goose's own directories

    static func config(_ parts: [String], _ isDirectory: Bool) -> ArtifactKind {
        guard let first = parts.first else { return .configDirectory }
        let name = parts.last!
        if isDirectory {
            switch first {
            case "sessions": return parts.count == 1 ? .sessionsDirectory : .directory
            case "logs": return .logsDirectory
            default: return .directory
            }
        }
        if let current = currentConfigFile(parts) { return current }
        switch (parts.count, first) {
        case (1, "config.yaml"): return .config
        case (1, "config.tmp"): return .configBackup
        case (1, _) where name.hasPrefix("config.yaml.bak"): return .configBackup
        case (1, "secrets.yaml"): return .secretsFile
        case (1, "permission.yaml"), (1, "permission.lock"): return .permissionPolicy
        case (1, "tool_permissions.json"):
            return .toolPermissionStore
        case (2, "permissions") where name == "tool_permissions.json":
            return .toolPermissionStore
        case (1, "adversary.md"): return .adversaryRules
        case (1, "settings.json"): return .pluginSettings
        case (1, ".gooseignore"): return .ignoreFile
        case (1, "history.txt"): return .history
        case (1, "init-config.yaml"), (1, "defaults.yaml"): return .config
        case (2, "custom_providers") where name.hasSuffix(".json"): return .customProvider
        case (2, "githubcopilot") where name == "info.json": return .tokenCache
        case (_, "databricks") where parts.count >= 3 && parts[1] == "oauth": return .oauthCache
        case (_, "recipes"): return isRecipeName(name) ? .recipe : .otherFile
        case (2, "memory") where name.hasSuffix(".txt"): return .memory
        case (_, "prompts"): return .promptTemplate
        case (_, "sandbox"): return .sandboxPolicy
        case (_, "skills"): return .skill
        case (2, "sessions") where name.hasSuffix(".jsonl"): return .legacySession
        case (_, "logs"): return logKind(name)
        default: break
        }
        if parts.count == 1, isHintsName(name) { return .hints }
        return .otherFile
    }

    static func data(_ parts: [String], _ isDirectory: Bool) -> ArtifactKind {
        guard let first = parts.first else { return .dataDirectory }
        let name = parts.last!
        if isDirectory { return first == "sessions" && parts.count == 1 ? .sessionsDirectory : .directory }
        if let current = currentDataFile(parts) { return current }
        switch (parts.count, first) {
        case (2, "sessions") where name == "sessions.db": return .sessionDatabase
        case (2, "sessions") where name.hasPrefix("sessions.db-"): return .sessionDatabaseSidecar
        case (2, "sessions") where name.hasSuffix(".jsonl"): return .legacySession
        case (1, "schedule.json"): return .schedule
        case (_, "scheduled_recipes"): return .scheduledRecipe
        case (_, "security") where parts.count >= 3 && parts[1] == "tool_fingerprints": return .toolFingerprint
        case (1, "history.txt"): return .history
        case (_, "logs"): return logKind(name)
        default: return .otherFile
        }
    }

    static func state(_ parts: [String], _ isDirectory: Bool) -> ArtifactKind {
        guard let first = parts.first else { return .stateDirectory }
        if isDirectory { return first == "logs" ? .logsDirectory : .directory }
        switch (parts.count, first) {
        case (1, "history.txt"): return .history
        case (_, "logs"): return logKind(parts.last!)
        default: return .otherFile
        }
    }

    static func agents(_ parts: [String], _ isDirectory: Bool) -> ArtifactKind {
        guard !parts.isEmpty else { return .agentsDirectory }
        return isDirectory ? .directory : agentsFile(parts)
    }

    static func desktop(_ parts: [String], _ isDirectory: Bool) -> ArtifactKind {
        guard let first = parts.first else { return .desktopDirectory }
        if isDirectory { return first == "logs" ? .logsDirectory : .directory }
        if parts.count == 1, first == "settings.json" { return .desktopSettings }
        if first == "logs" { return .log }
        if parts.last!.hasPrefix("diagnostics_"), parts.last!.hasSuffix(".zip") { return .diagnosticsBundle }
        return .otherFile
    }

    // MARK: user-given paths (repositories, home folders, GOOSE_PATH_ROOT trees)

    /// Goose layouts recognised anywhere inside a given path, longest marker first.
    static let embeddedLayouts: [([String], RootRole)] = [
        ([".local", "share", "goose"], .data),
        ([".local", "state", "goose"], .state),
        ([".config", "goose"], .config),
        ([".config", "Goose"], .desktop),
        (["Library", "Application Support", "Block", "goose"], .legacy),
        (["Library", "Application Support", "Goose"], .desktop),
    ]

    /// Where `marker` first occurs as consecutive components of `parts` (what `firstRange(of:)` finds, without its
    /// generic search: this is asked six times of every file of a tree).
    static func firstIndex(of marker: [String], in parts: [String]) -> Int? {
        guard let head = marker.first, parts.count >= marker.count else { return nil }
        for start in 0...(parts.count - marker.count) where parts[start] == head {
            if parts[start..<(start + marker.count)].elementsEqual(marker) { return start }
        }
        return nil
    }

    static func path(_ parts: [String], _ isDirectory: Bool, rootLayout: Bool) -> ArtifactKind {
        // chezmoi source state names its targets with attribute prefixes (`dot_config/goose/private_config.yaml`).
        if let decoded = chezmoiDecoded(parts) {
            let kind = path(decoded, isDirectory, rootLayout: rootLayout)
            if kind != .otherFile && kind != .directory { return kind }
        }
        // Whole goose layouts inside the tree.
        for (marker, role) in embeddedLayouts {
            if let start = Self.firstIndex(of: marker, in: parts) {
                let rest = Array(parts[(start + marker.count)...])
                return classify(relativePath: rest.joined(separator: "/"), role: role, type: isDirectory ? .directory : .regular)
            }
        }
        if rootLayout, let first = parts.first {
            let rest = Array(parts.dropFirst()).joined(separator: "/")
            let type: FileType = isDirectory ? .directory : .regular
            switch first {
            case "config": return classify(relativePath: rest, role: .config, type: type)
            case "data": return classify(relativePath: rest, role: .data, type: type)
            case "state": return classify(relativePath: rest, role: .state, type: type)
            case ".agents": return classify(relativePath: rest, role: .agents, type: type)
            default: break
            }
        }
        if let agents = parts.lastIndex(of: ".agents") {
            return classify(
                relativePath: parts[(agents + 1)...].joined(separator: "/"), role: .agents, type: isDirectory ? .directory : .regular)
        }
        if isDirectory { return .directory }
        if let rest = gooseFolderContents(parts) {
            let kind = config(rest, false)
            if kind != .otherFile { return kind }
        }
        if isDevcontainerGooseConfig(parts) { return .config }
        return currentRepositoryFile(parts) ?? repositoryFile(parts)
    }

    /// Files a config repository or project can hold, recognised by name and place.
    static func repositoryFile(_ parts: [String]) -> ArtifactKind {
        let name = parts.last ?? ""
        let parent = parts.count >= 2 ? parts[parts.count - 2] : ""
        let lower = name.lowercased()
        if parts.count >= 3, parts[parts.count - 3] == ".github", parent == "workflows",
            lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
        {
            return .ciWorkflow
        }
        if name == ".gitlab-ci.yml" || isIncludedGitLabFile(parts, lower) { return .ciWorkflow }
        if name == ".goose-audit.yaml" || name == ".goose-audit.yml" { return .auditConfig }
        if isEnvName(name) { return .envFile }
        if isHintsName(name) { return .hints }
        if name == ".gooseignore" { return .ignoreFile }
        if name == "secrets.yaml" { return .secretsFile }
        if name == "permission.yaml" { return .permissionPolicy }
        if name == "tool_permissions.json" { return .toolPermissionStore }
        if name == "sessions.db" { return .sessionDatabase }
        if name.hasPrefix("sessions.db-") { return .sessionDatabaseSidecar }
        if name.hasPrefix("llm_request."), name.hasSuffix(".jsonl") { return .requestLog }
        if name.hasPrefix("diagnostics_"), lower.hasSuffix(".zip") { return .diagnosticsBundle }
        if name == "config.yaml" || name == "init-config.yaml" { return .config }
        if name == "schedule.json" { return .schedule }
        if parent == "custom_providers", lower.hasSuffix(".json") { return .customProvider }
        if parent == "memory", parts.count >= 3, parts[parts.count - 3] == ".goose", lower.hasSuffix(".txt") { return .memory }
        if parts.contains("recipes") || parts.contains("scheduled_recipes"), isRecipeName(name) { return .recipe }
        // The suffixes first: `contains` is a Foundation search, asked of every file name otherwise.
        if lower.hasSuffix(".service") || lower.hasSuffix(".plist"), lower.contains("goose") { return .serviceDefinition }
        // Host files (shell startup files, Dockerfiles, compose, Nix, units) are confirmed by content.
        return .otherFile
    }

    /// Refines an `otherFile` YAML or JSON by content: a goose config or a recipe.
    public static func refine(_ kind: ArtifactKind, name: String, text: Substring) -> ArtifactKind {
        guard kind == .otherFile, isRecipeName(name) || name.hasSuffix(".yml") else { return kind }
        // Byte-level: this runs on every unclassified YAML and JSON file of a tree.
        let head = Array(text.utf8.prefix(64 * 1024))
        let json = name.hasSuffix(".json")
        var topKeys: Set<String> = []
        var lineStart = 0
        while lineStart < head.count {
            let lineEnd = head[lineStart...].firstIndex { $0 == 0x0A || $0 == 0x0D } ?? head.count
            var cursor = lineStart
            while cursor < lineEnd, head[cursor] == 0x20 { cursor += 1 }
            let indent = cursor - lineStart
            while cursor < lineEnd, [0x20, 0x09, 0x7B, 0x22].contains(head[cursor]) { cursor += 1 }  // space, tab, {, "
            if json ? indent <= 2 : indent == 0, let colon = head[cursor..<lineEnd].firstIndex(of: 0x3A) {
                var keyEnd = colon
                while keyEnd > cursor, head[keyEnd - 1] == 0x22 || head[keyEnd - 1] == 0x20 { keyEnd -= 1 }
                if keyEnd > cursor, keyEnd - cursor <= 64 { topKeys.insert(String(decoding: head[cursor..<keyEnd], as: UTF8.self)) }
            }
            lineStart = lineEnd + 1
        }
        // A recipe has a task (`instructions` or `prompt`) and may carry its own `extensions`: its shape
        // decides before the config's.
        let hasTask = topKeys.contains("instructions") || topKeys.contains("prompt")
        if topKeys.contains("title") || topKeys.contains("version"), hasTask { return .recipe }
        if topKeys.contains("extensions") || topKeys.contains(where: { $0.hasPrefix("GOOSE_") }) { return .config }
        // goose's wrapper form: the recipe under a top-level `recipe:` key (deep links, exports, schedules).
        if topKeys.contains("recipe"), text.utf8.count < 4 << 20,
            text.contains("instructions:") || text.contains("prompt:") || text.contains("\"instructions\"")
                || text.contains("\"prompt\"")
        {
            return .recipe
        }
        return kind
    }

    public static func isRecipeName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
    }

    /// GitLab CI files meant for `include:` (`ci/goose.gitlab-ci.yml`, `.gitlab/ci/review.yml`).
    static func isIncludedGitLabFile(_ parts: [String], _ lower: String) -> Bool {
        guard lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") else { return false }
        if lower.hasSuffix(".gitlab-ci.yml") || lower.hasSuffix(".gitlab-ci.yaml") { return true }
        guard let gitlab = parts.lastIndex(of: ".gitlab") else { return false }
        return parts.count == gitlab + 3 && parts[gitlab + 1] == "ci"
    }

    /// goose's default context file names, and the undotted `goosehints` copy dotfiles repositories keep.
    public static func isHintsName(_ name: String) -> Bool {
        name == ".goosehints" || name == "AGENTS.md" || name == "goosehints"
    }

    public static func isEnvName(_ name: String) -> Bool {
        name == ".env" || name.hasPrefix(".env.") || name.hasSuffix(".env")
    }

    static func logKind(_ name: String) -> ArtifactKind {
        name.hasPrefix("llm_request.") && name.hasSuffix(".jsonl") ? .requestLog : .log
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
