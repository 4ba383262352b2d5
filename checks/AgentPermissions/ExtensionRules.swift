import GooseAuditCore
import StructuredText

/// What can be wrong with one extension definition, wherever it stands (a config layer, a recipe,
/// a deep link). Each rule reads the entry's fields and returns problems at the offending field.
enum ExtensionRule: String, Sendable, CaseIterable {
    case inlineShell
    case unpinnedPackage
    case inlinePython
    case cleartextRemote
    case credentialsInURI
    case legacySSE
    case denylistedEnv
    case allToolsExposed

    /// Rules that make sense for recipe and deep-link extensions too (the others describe a
    /// long-lived installation).
    var appliesToRecipes: Bool {
        switch self {
        case .inlineShell, .unpinnedPackage, .cleartextRemote, .credentialsInURI, .denylistedEnv: true
        case .inlinePython, .legacySSE, .allToolsExposed: false
        }
    }

    func problems(_ entry: MergedEntry) -> [Problem] {
        let name = entry.name
        switch self {
        case .inlineShell:
            return CommandFacts.inlineShell(entry).map { [$0] } ?? []
        case .unpinnedPackage:
            return CommandFacts.unpinnedPackage(entry).map { [$0] } ?? []
        case .inlinePython:
            guard entry.type == "inline_python", let type = entry["type"] else { return [] }
            guard let code = entry["code"], CommandFacts.pipesDownloadIntoShell(code.string ?? "") else {
                return [
                    Problem(
                        setting: entry["code"] ?? type,
                        message: "extension `\(name)` runs inline Python code (and its runtime dependencies) unsandboxed",
                        evidence: "type: inline_python")
                ]
            }
            return [
                Problem(
                    setting: code, message: "extension `\(name)` runs inline Python code that downloads a script and pipes it into a shell",
                    evidence: "inline_python with download piped into a shell", severity: .high)
            ]
        case .cleartextRemote:
            guard let (uri, text) = uri(entry), URLFacts.isCleartextRemote(text), let host = URLFacts.host(of: text) else { return [] }
            return [Problem(setting: uri, message: "extension `\(name)` talks to \(host) over plain http", evidence: "http://\(host)")]
        case .credentialsInURI:
            guard let (uri, text) = uri(entry), let part = Self.credentialPart(text) else { return [] }
            return [
                Problem(
                    setting: uri,
                    message: "extension `\(name)` carries credentials in its URI (\(part)), where logs and process lists show them",
                    evidence: part)
            ]
        case .legacySSE:
            guard entry.type == "sse", let type = entry["type"] else { return [] }
            return [
                Problem(
                    setting: type, message: "extension `\(name)` uses the unsupported `sse` transport; goose never exposes its tools",
                    evidence: "type: sse")
            ]
        case .denylistedEnv:
            guard let envs = entry["envs"] else { return [] }
            return envs.node.pairs.map { envs.entry($0) }.compactMap { setting in
                guard let key = setting.keyPath.keys.last, Self.denylist.contains(key.uppercased()) else { return nil }
                return Problem(
                    setting: setting,
                    message: "extension `\(name)` sets `\(key)`, which goose refuses for extensions; its presence suggests tampering",
                    evidence: "envs key \(key)")
            }
        case .allToolsExposed:
            guard Self.hasOwnTools(entry.type), let type = entry["type"], entry["available_tools"]?.node.items.isEmpty ?? true else {
                return []
            }
            let place =
                entry["available_tools"]
                ?? Setting(node: type.node, keyPath: KeyPath(type.keyPath.components.dropLast()), origin: type.origin)
            return [
                Problem(
                    setting: place, message: "extension `\(name)` exposes every tool it has (`available_tools` is empty)",
                    evidence: "type: \(entry.type)")
            ]
        }
    }

    /// The remote URI of an HTTP extension, with its text.
    private func uri(_ entry: MergedEntry) -> (Setting, String)? {
        guard ["streamable_http", "sse", "http"].contains(entry.type), let uri = entry["uri"], let text = uri.string else { return nil }
        return (uri, text)
    }

    /// Extension types whose tools come from outside goose (built-in and platform tools are goose's own).
    private static func hasOwnTools(_ type: String) -> Bool {
        ["stdio", "streamable_http", "inline_python"].contains(type)
    }

    /// `user info` or `query parameter token`: where a URI holds credentials, named, never quoted.
    static func credentialPart(_ uri: String) -> String? {
        guard let scheme = uri.range(of: "://") else { return nil }
        let rest = uri[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return "user info with a password" }
        guard let query = rest.firstIndex(of: "?") else { return nil }
        let secretWords = ["token", "key", "secret", "password", "passwd", "auth", "sig", "credential"]
        for parameter in rest[rest.index(after: query)...].split(separator: "&") {
            let name = parameter.prefix { $0 != "=" }.lowercased()
            if parameter.contains("="), secretWords.contains(where: { name.contains($0) }) { return "query parameter \(name)" }
        }
        return nil
    }

    /// goose's `Envs::DISALLOWED_KEYS` (31 entries, compared case-insensitively).
    static let denylist: Set<String> = Set(
        [
            "PATH", "PATHEXT", "SystemRoot", "windir", "LD_LIBRARY_PATH", "LD_PRELOAD", "LD_AUDIT", "LD_DEBUG", "LD_BIND_NOW",
            "LD_ASSUME_KERNEL", "DYLD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "DYLD_FRAMEWORK_PATH", "PYTHONPATH", "PYTHONHOME",
            "NODE_OPTIONS", "RUBYOPT", "GEM_PATH", "GEM_HOME", "CLASSPATH", "GO111MODULE", "GOROOT", "APPINIT_DLLS",
            "SESSIONNAME", "ComSpec", "TEMP", "TMP", "LOCALAPPDATA", "USERPROFILE", "HOMEDRIVE", "HOMEPATH",
        ].map { $0.uppercased() })
}

/// Facts about a stdio extension's command line.
enum CommandFacts {
    /// The command's words: `cmd` then each of `args`, with their settings.
    static func words(_ entry: MergedEntry) -> [(String, Setting)] {
        guard let cmd = entry["cmd"], let text = cmd.string else { return [] }
        let args = entry["args"]?.list ?? []
        return [(text, cmd)] + args
    }

    /// The program name without directories or a Windows extension.
    static func program(_ word: String) -> String {
        let base = word.split(separator: "/").last.map(String.init) ?? word
        let lower = base.lowercased()
        return lower.hasSuffix(".exe") || lower.hasSuffix(".cmd") ? String(lower.dropLast(4)) : lower
    }

    /// Interpreters and the flags that make them run code given on the command line.
    static func runsInlineCode(_ program: String, _ flag: String) -> Bool {
        switch program {
        case "sh", "bash", "zsh", "dash", "ksh", "fish", "ash":
            return flag.hasPrefix("-") && !flag.hasPrefix("--") && flag.dropFirst().contains("c")
        case "python", "python3", "python2", "pypy", "pypy3":
            return flag == "-c"
        case "node", "deno", "bun":
            return ["-e", "--eval", "-p", "--print"].contains(flag) || (program == "deno" && flag == "eval")
        case "perl", "ruby":
            return flag == "-e" || flag == "-E"
        case "powershell", "pwsh":
            return ["-command", "-c", "-encodedcommand", "-enc", "-e"].contains(flag.lowercased())
        case "cmd":
            return ["/c", "/k"].contains(flag.lowercased())
        case "npx":
            return flag == "-c" || flag.hasPrefix("--call")
        default:
            return false
        }
    }

    /// A download piped into a shell (`curl … | sh`).
    /// `curl … | sh`, `bash <(curl …)` and `sh -c "$(curl …)"` all run what the server sends.
    static func pipesDownloadIntoShell(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.contains("curl ") || lower.contains("wget ") || lower.contains("iwr ") || lower.contains("invoke-webrequest") else {
            return false
        }
        let compact = lower.filter { $0 != " " }
        let pipes = ["|sh", "|bash", "|zsh", "|sudo", "|python", "|iex", "|node"]
        let substitutions = ["<(curl", "<(wget", "$(curl", "$(wget", "`curl", "`wget"]
        return (pipes + substitutions).contains { compact.contains($0) }
    }

    /// GA-PERM-005: an interpreter one-liner or a download piped into a shell.
    static func inlineShell(_ entry: MergedEntry) -> Problem? {
        guard entry.type == "stdio" || entry["cmd"] != nil else { return nil }
        let words = words(entry)
        for (index, (word, setting)) in words.enumerated() {
            if pipesDownloadIntoShell(word) {
                return Problem(
                    setting: setting, message: "extension `\(entry.name)` downloads a script and pipes it into an interpreter",
                    evidence: "download piped into a shell")
            }
            // The interpreter's own options follow it (`bash -l -c`, `npx -y -c`).
            let program = program(word)
            let options = words[(index + 1)...].prefix { $0.0.hasPrefix("-") || $0.0.hasPrefix("/") && program == "cmd" }
            if let flag = options.first(where: { runsInlineCode(program, $0.0) }) {
                return Problem(
                    setting: flag.1, message: "extension `\(entry.name)` runs inline code with `\(program) \(flag.0)`",
                    evidence: "\(program) \(flag.0)")
            }
        }
        return nil
    }

    /// GA-PERM-006: a package, image or script URL run without a fixed version, by any runner
    /// (`PackageRunners`).
    static func unpinnedPackage(_ entry: MergedEntry) -> Problem? {
        let words = words(entry)
        guard let found = PackageRunners.unpinned(words.map(\.0)), words.indices.contains(found.index) else { return nil }
        let autoYes = words.contains { $0.0 == "-y" || $0.0 == "--yes" }
        let prompt = autoYes ? ", installed without a prompt (-y)" : ""
        return Problem(
            setting: words[found.index].1,
            message:
                "extension `\(entry.name)` runs `\(found.runner) \(found.spec)` with \(found.reason)\(prompt); whatever is published next runs with your rights",
            evidence: "\(found.runner) \(found.spec)")
    }

    /// `@latest`/`@next` or no version at all, for an npm package spec.
    static func npmVersion(_ spec: String) -> String? {
        if spec.hasPrefix(".") || spec.hasPrefix("/") || spec.contains("://") { return nil }
        let body = spec.hasPrefix("@") ? String(spec.dropFirst()) : spec
        guard let at = body.firstIndex(of: "@") else { return "no version" }
        let version = body[body.index(after: at)...]
        if version.isEmpty || ["latest", "next", "canary", "beta", "*", "x"].contains(version.lowercased()) {
            return "the moving version \(version.isEmpty ? "(empty)" : String(version))"
        }
        if version.hasPrefix("^") || version.hasPrefix("~") || version.hasPrefix(">") || version.contains("x") && !version.contains(".") {
            return "the version range \(version)"
        }
        return nil
    }
}
