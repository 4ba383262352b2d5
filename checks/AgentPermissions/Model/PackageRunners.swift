import Foundation

/// Every way an extension's command line fetches and runs a package, judged for pinning the same way:
/// `npx`, `bunx`, `pnpx`, `pnpm dlx`, `yarn dlx`, `uvx`, `uv tool run`, `pipx run`, `deno run` of a URL,
/// `docker`/`podman run` of an image, `docker mcp gateway`, and `git+https` references. A package is pinned
/// by an exact version (`pkg@1.2.3`, `pkg==1.2.3`), an image by a digest or a fixed tag, a git reference
/// by a full commit; a moving version (`@latest`, a range, none) runs whatever is published next.
enum PackageRunners {
    struct Unpinned: Equatable {
        /// Index into the command's words (0 is the command) of the package, image or URL.
        var index: Int
        /// `npx`, `uv tool run`, `docker run`, …
        var runner: String
        var spec: String
        /// `no version`, `the moving version latest`, `the version range ^1`, `no commit`, …
        var reason: String
    }

    /// The unpinned package a command line runs, if any. `words[0]` is the command.
    static func unpinned(_ words: [String]) -> Unpinned? {
        guard let command = words.first else { return nil }
        let program = CommandFacts.program(command)
        let args = Array(words.dropFirst())
        func at(_ offset: Int, _ runner: String, valueFlags: Set<String>, judge: (String) -> String?) -> Unpinned? {
            guard offset <= args.count, let (index, spec) = firstOperand(args, from: offset, valueFlags: valueFlags),
                let reason = judge(spec)
            else { return nil }
            return Unpinned(index: index + 1, runner: runner, spec: spec, reason: reason)
        }
        let npmFlags: Set<String> = ["-p", "--package", "-c", "--call", "--registry", "--cache"]
        let pythonFlags: Set<String> = ["--from", "--with", "--python", "-p", "--index-url", "--spec", "--index", "--extra-index-url"]
        switch program {
        case "npx", "bunx", "pnpx":
            return at(0, program, valueFlags: npmFlags, judge: npmReason)
        case "pnpm", "yarn", "bun":
            // `where` would bind to the last pattern only; the subcommand is checked here.
            guard let sub = args.first, sub == "dlx" || sub == "x" else { return nil }
            return at(1, "\(program) \(sub)", valueFlags: npmFlags, judge: npmReason)
        case "uvx":
            return pythonRunner(args, from: 0, runner: "uvx", valueFlags: pythonFlags)
        case "uv" where args.starts(with: ["tool", "run"]):
            return pythonRunner(args, from: 2, runner: "uv tool run", valueFlags: pythonFlags)
        case "pipx" where args.first == "run":
            return pythonRunner(args, from: 1, runner: "pipx run", valueFlags: pythonFlags)
        case "pipx":
            return pythonRunner(args, from: 0, runner: "pipx", valueFlags: pythonFlags)
        case "deno" where args.first == "run" || args.first == "x":
            return at(1, "deno \(args[0])", valueFlags: ["--config", "-c", "--import-map", "--lock"]) { spec in
                guard spec.contains("://") || spec.hasPrefix("npm:") || spec.hasPrefix("jsr:") else { return nil }
                if spec.hasPrefix("npm:") || spec.hasPrefix("jsr:") { return npmReason(String(spec.drop { $0 != ":" }.dropFirst())) }
                return urlReason(spec)
            }
        case "docker" where args.starts(with: ["mcp", "gateway"]):
            return Unpinned(
                index: 1, runner: "docker mcp gateway", spec: "catalog servers", reason: "servers pulled from the catalog at run time")
        case "docker", "podman":
            guard let run = args.firstIndex(where: { $0 == "run" }) else { return nil }
            return at(run + 1, "\(program) run", valueFlags: dockerValueFlags, judge: imageReason)
        default:
            // A git reference as the package: `uvx --from git+https://…`, `npx github:org/repo`.
            for (index, word) in args.enumerated() where word.hasPrefix("git+") || word.hasPrefix("github:") {
                if let reason = gitReason(word) { return Unpinned(index: index + 1, runner: program, spec: word, reason: reason) }
            }
            return nil
        }
    }

    static func pythonRunner(_ args: [String], from offset: Int, runner: String, valueFlags: Set<String>) -> Unpinned? {
        // `--from SPEC` names the package that provides the command.
        if let from = args.firstIndex(of: "--from"), from + 1 < args.count {
            let spec = args[from + 1]
            return pythonReason(spec).map { Unpinned(index: from + 2, runner: runner, spec: spec, reason: $0) }
        }
        guard let (index, spec) = firstOperand(args, from: offset, valueFlags: valueFlags), let reason = pythonReason(spec) else {
            return nil
        }
        return Unpinned(index: index + 1, runner: runner, spec: spec, reason: reason)
    }

    /// npm specs: `pkg`, `@scope/pkg@latest`, `pkg@^1` are moving; `pkg@1.2.3` is pinned.
    static func npmReason(_ spec: String) -> String? {
        if spec.hasPrefix("git+") || spec.hasPrefix("github:") { return gitReason(spec) }
        if spec.contains("://") { return urlReason(spec) }
        return CommandFacts.npmVersion(spec)
    }

    /// Python specs: `pkg==1.2.3` and `pkg@1.2.3` are pinned; `pkg`, `pkg@latest`, `pkg>=1` are not.
    static func pythonReason(_ spec: String) -> String? {
        if spec.hasPrefix("/") || spec.hasPrefix(".") || spec.hasPrefix("~") { return nil }
        if spec.hasPrefix("git+") { return gitReason(spec) }
        if spec.contains("://") { return urlReason(spec) }
        if let range = spec.range(of: "==") { return spec[range.upperBound...].isEmpty ? "no version" : nil }
        if let at = spec.firstIndex(of: "@") {
            let version = spec[spec.index(after: at)...]
            if version.isEmpty || ["latest", "next"].contains(version.lowercased()) {
                return "the moving version \(version.isEmpty ? "(empty)" : String(version))"
            }
            return version.first?.isNumber == true ? nil : "the version \(version)"
        }
        if ["<", ">", "~=", "!="].contains(where: spec.contains) { return "a version range" }
        return "no version"
    }

    /// `git+https://…@<40 hex>` is pinned; a branch, a tag or nothing moves.
    static func gitReason(_ spec: String) -> String? {
        let afterScheme = spec.range(of: "://").map { spec[$0.upperBound...] } ?? Substring(spec)
        let reference =
            afterScheme.split(separator: "@").dropFirst().last.map { $0.split(separator: "#").first ?? $0 }
            ?? afterScheme.split(separator: "#").dropFirst().first
        guard let reference, reference.count >= 40, reference.allSatisfy(\.isHexDigit) else {
            return reference.map { "the git reference \($0), not a commit" } ?? "no commit"
        }
        return nil
    }

    /// A script run straight from a URL: pinned only when the URL names an exact version.
    static func urlReason(_ url: String) -> String? {
        let versioned =
            url.range(of: #"@v?\d+\.\d+(\.\d+)?(/|$)"#, options: .regularExpression) != nil
            || url.range(of: #"/v?\d+\.\d+\.\d+/"#, options: .regularExpression) != nil
        return versioned ? nil : "a URL without a fixed version"
    }

    /// Images: a digest or a fixed tag pins; no tag or `latest` moves.
    static func imageReason(_ image: String) -> String? {
        if image.contains("@sha256:") { return nil }
        let last = image.split(separator: "/").last ?? Substring(image)
        guard let colon = last.lastIndex(of: ":") else { return "no tag" }
        let tag = last[last.index(after: colon)...]
        return ["latest", "main", "master", "edge", "nightly", "dev"].contains(tag.lowercased()) ? "the moving tag \(tag)" : nil
    }

    static let dockerValueFlags: Set<String> = [
        "-e", "--env", "-v", "--volume", "--name", "-p", "--publish", "--network", "--env-file", "-w", "--workdir",
        "--entrypoint", "-u", "--user", "--mount", "--platform", "-l", "--label", "--add-host", "--cap-add", "--cap-drop",
        "--pull", "-m", "--memory", "--cpus", "-h", "--hostname", "--runtime", "--device", "--ulimit", "--tmpfs",
    ]

    /// The first argument from `offset` on that is neither a flag nor a flag's value (`--flag=value` is one word).
    static func firstOperand(_ args: [String], from offset: Int, valueFlags: Set<String>) -> (Int, String)? {
        var index = offset
        while index < args.count {
            let word = args[index]
            if valueFlags.contains(word) { index += 2; continue }
            if word.hasPrefix("-") { index += 1; continue }
            return (index, word)
        }
        return nil
    }
}
