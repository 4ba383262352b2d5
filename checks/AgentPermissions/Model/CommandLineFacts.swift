import Foundation

/// What else an extension's command line gives away: a script found relative to wherever goose starts, a
/// bare command found through `PATH`, a filesystem server rooted at `/` or the home folder, and credentials
/// passed as arguments (where `ps`, shell history and logs show them).
enum CommandLineFacts {
    /// Interpreters whose first operand is a script file.
    static let interpreters: Set<String> = [
        "node", "nodejs", "python", "python3", "deno", "bun", "ruby", "perl", "php", "java", "sh", "bash", "zsh",
        "uv", "tsx", "ts-node",
    ]

    /// A command or script path that depends on the directory goose starts in (`node dist/index.js`,
    /// `./server`, `python tools/mcp.py`): opening goose in another folder (a cloned repository) runs that
    /// folder's file. Returns the index of the word.
    static func relativeScript(_ words: [String]) -> Int? {
        guard let command = words.first else { return nil }
        if isRelativePath(command) { return 0 }
        let program = CommandFacts.program(command)
        guard interpreters.contains(program) else { return nil }
        var index = 1
        while index < words.count {
            let word = words[index]
            if word == "run" && (program == "uv" || program == "deno" || program == "bun") { index += 1; continue }
            if word.hasPrefix("-") {
                // `python -m module` runs an installed module; `-c`/`-e` inline code is its own rule.
                if ["-m", "-c", "-e", "--eval", "-p"].contains(word) { return nil }
                index += 1
                continue
            }
            return isRelativePath(word) && looksLikeScript(word) ? index : nil
        }
        return nil
    }

    static func isRelativePath(_ word: String) -> Bool {
        guard !word.isEmpty, !word.hasPrefix("/"), !word.hasPrefix("~"), !word.hasPrefix("$"), !word.contains("://") else {
            return false
        }
        return word.hasPrefix("./") || word.hasPrefix("../") || word.contains("/")
    }

    static func looksLikeScript(_ word: String) -> Bool {
        let scriptEndings = [".js", ".mjs", ".cjs", ".ts", ".py", ".rb", ".pl", ".php", ".sh", ".jar"]
        return word.hasPrefix("./") || word.hasPrefix("../") || scriptEndings.contains { word.lowercased().hasSuffix($0) }
    }

    /// Commands everybody has in a system directory; a bare name that is none of these (and no package
    /// runner) is whatever `PATH` finds first when goose starts.
    static let wellKnownCommands: Set<String> = [
        "npx", "node", "uvx", "uv", "python", "python3", "docker", "podman", "deno", "bun", "bunx", "pnpm", "pnpx",
        "yarn", "pipx", "sh", "bash", "zsh", "java", "ruby", "go", "cargo", "goose", "npm", "dotnet",
    ]

    /// A bare command name (no directory) that is not a well-known program.
    static func bareCommand(_ words: [String]) -> Bool {
        guard let command = words.first, !command.contains("/"), !command.hasPrefix("$"), !command.isEmpty else { return false }
        return !wellKnownCommands.contains(CommandFacts.program(command))
    }

    /// The index of the root argument of a filesystem MCP server that is `/` or the home folder.
    static func filesystemRoot(_ words: [String]) -> Int? {
        guard
            let server = words.firstIndex(where: { word in
                let lower = word.lowercased()
                return lower.contains("server-filesystem") || lower.contains("mcp-server-filesystem")
                    || lower.hasSuffix("filesystem-mcp") || lower.contains("mcp-filesystem")
            })
        else { return nil }
        let broad: Set<String> = ["/", "~", "~/", "$HOME", "${HOME}", "$HOME/", "/home", "/Users", "/root", "C:\\", "C:/"]
        for index in words.indices.dropFirst(server + 1) {
            let word = words[index].hasSuffix("/") && words[index].count > 1 ? String(words[index].dropLast()) : words[index]
            if broad.contains(word) || broad.contains(words[index]) { return index }
            if word.range(of: #"^/(home|Users)/[^/]+$"#, options: .regularExpression) != nil { return index }
        }
        return nil
    }

    /// Flags whose value is a credential.
    static let credentialFlags: Set<String> = [
        "--key", "--api-key", "--apikey", "--api_key", "--token", "--access-token", "--auth-token", "--bearer-token",
        "--password", "--passwd", "--secret", "--client-secret", "--private-key", "--pat", "--github-token",
        "--slack-token", "--bot-token", "--openai-api-key", "--anthropic-api-key",
    ]

    /// A credential given as an argument: `--api-key V`, `--token=V`, `-H "Authorization: Bearer V"`, with
    /// the index of the word that holds the value and the flag. References (`$VAR`, `${VAR}`, `{{ }}`) and
    /// placeholders are not credentials.
    static func credentialArgument(_ words: [String]) -> (index: Int, flag: String, value: String)? {
        for (index, word) in words.enumerated() {
            let lower = word.lowercased()
            if let equals = lower.firstIndex(of: "="), credentialFlags.contains(String(lower[..<equals])) {
                let value = String(word[word.index(after: equals)...])
                if isLiteral(value) { return (index, String(word[..<equals]), value) }
            } else if credentialFlags.contains(lower), index + 1 < words.count, isLiteral(words[index + 1]) {
                return (index + 1, word, words[index + 1])
            } else if lower == "-h" || lower == "--header", index + 1 < words.count {
                let header = words[index + 1]
                guard let colon = header.firstIndex(of: ":") else { continue }
                let name = header[..<colon].lowercased()
                guard ["authorization", "x-api-key", "api-key", "x-auth-token", "private-token"].contains(name) else { continue }
                let value = header[header.index(after: colon)...].split(separator: " ").last.map(String.init) ?? ""
                if isLiteral(value) { return (index + 1, "\(word) \(header[..<colon])", value) }
            }
        }
        return nil
    }

    /// A value written out, long enough to be a credential: not a reference, not a placeholder.
    static func isLiteral(_ value: String) -> Bool {
        guard value.count >= 8, !value.hasPrefix("-") else { return false }
        if value.contains("$") || value.contains("{{") || value.hasPrefix("<") || value.hasPrefix("%") { return false }
        let lower = value.lowercased()
        let placeholders = ["your", "example", "placeholder", "changeme", "xxxx", "redacted", "dummy", "<", "token_here", "key_here"]
        return !placeholders.contains { lower.contains($0) }
    }
}
