import GooseAuditCore
import StructuredText

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
