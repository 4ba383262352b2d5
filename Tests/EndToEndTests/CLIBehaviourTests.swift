import Foundation
import GooseAuditTestSupport
import Testing

/// The command line behaves like the tools CI engineers know (issue 16, point 3), on the real binary.
@Suite(.serialized)
struct CLIBehaviourTests {
    /// A repository with one critical finding (a world-readable secrets file).
    func repo() throws -> FixtureTree {
        let tree = try FixtureTree("cli-repo")
        try tree.file("secrets.yaml", "OPENAI_API_KEY: fake-value\n", mode: 0o644)
        return tree
    }

    func scan(_ tree: FixtureTree, _ arguments: [String], environment: [String: String] = [:]) throws -> Shell.Output {
        try Binary.run(["scan", "."] + arguments, home: tree.root, environment: environment)
    }

    @Test("a report inside the scanned root is written and left out of the walk, not refused")
    func outputInsideRoot() throws {
        let tree = try repo()
        let first = try scan(tree, ["--format", "json", "--output", "goose-audit.json"])
        #expect(first.status == 1, "\(first.stderr)")
        // The second run neither refuses nor reads the first report.
        let second = try scan(tree, ["--format", "json", "--output", "goose-audit.json"])
        #expect(second.status == 1, "\(second.stderr)")
        func examined(_ json: String) -> Int? {
            json.firstMatch(of: /"files_examined" : (\d+)/).flatMap { Int($0.1) }
        }
        let own = examined(try String(contentsOfFile: tree.path("goose-audit.json"), encoding: .utf8))
        let other = try scan(tree, ["--format", "json"])
        #expect(own != nil && examined(other.stdout) == own.map { $0 + 1 }, "a file that is not this run's output is scanned")
    }

    @Test("character devices and FIFOs are valid outputs; a regular file is replaced atomically")
    func devicesAndFIFOs() throws {
        let tree = try repo()
        let devnull = try scan(tree, ["--format", "sarif", "--output", "/dev/null"])
        #expect(devnull.status == 1, "\(devnull.stderr)")
        let out = try FixtureTree("cli-fifo")
        let fifo = try out.fifo("pipe")
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo, out.path("received.json")]
        try reader.run()
        let result = try scan(tree, ["--format", "json", "--output", fifo])
        reader.waitUntilExit()
        #expect(result.status == 1, "\(result.stderr)")
        let received = try String(contentsOfFile: out.path("received.json"), encoding: .utf8)
        #expect(received.contains("\"report_version\" : 1"))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO, "the FIFO is written in place, not replaced")
    }

    @Test(
        "the format follows the output's extension; a mismatch is a usage error",
        arguments: [
            ("r.sarif", "\"version\" : \"2.1.0\""), ("r.json", "\"report_version\" : 1"), ("r.xml", "<testsuites"),
            ("r.md", "## goose-audit report"), ("r.html", "<!DOCTYPE html>"), ("r.txt", "CRITICAL (1)"),
        ])
    func formatFromExtension(_ name: String, _ marker: String) throws {
        let tree = try repo()
        let out = try FixtureTree("cli-ext")
        let result = try scan(tree, ["--output", out.path(name)])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try String(contentsOfFile: out.path(name), encoding: .utf8).contains(marker))
        let mismatch = try scan(tree, ["--format", name == "r.json" ? "sarif" : "json", "--output", out.path("m-" + name)])
        #expect(mismatch.status == 64, "\(mismatch.stderr)")
        #expect(mismatch.stderr.contains("m-" + name))
    }

    @Test("several --format/--output pairs pair in order: never text into b.json")
    func pairsInOrder() throws {
        let tree = try repo()
        let out = try FixtureTree("cli-pairs")
        let result = try scan(
            tree, ["--format", "sarif", "-o", out.path("a.sarif"), "--format", "text", "--format", "json", "-o", out.path("b.json")])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("CRITICAL (1)"), "text goes to standard output")
        #expect(try String(contentsOfFile: out.path("b.json"), encoding: .utf8).contains("\"report_version\" : 1"))
        #expect(try String(contentsOfFile: out.path("a.sarif"), encoding: .utf8).contains("\"version\" : \"2.1.0\""))
        let swapped = try scan(tree, ["--format", "sarif", "--format", "json", "-o", out.path("c.json"), "-o", out.path("c.sarif")])
        #expect(swapped.status == 1, "\(swapped.stderr)")
        #expect(try String(contentsOfFile: out.path("c.json"), encoding: .utf8).contains("\"report_version\" : 1"))
        #expect(try String(contentsOfFile: out.path("c.sarif"), encoding: .utf8).contains("\"version\" : \"2.1.0\""))
        // Formats first, then outputs: `-` and extension-less names pair in order.
        let listed = try scan(tree, ["--format", "text", "--format", "json", "-o", "-", "-o", out.path("d.json")])
        #expect(listed.status == 1 && listed.stdout.contains("CRITICAL (1)"), "\(listed.stderr)")
        #expect(try String(contentsOfFile: out.path("d.json"), encoding: .utf8).contains("\"report_version\" : 1"))
    }

    @Test("--fail-on never reports without failing; --fail-on bogus is a usage error")
    func failOnNever() throws {
        let tree = try repo()
        #expect(try scan(tree, []).status == 1)
        let never = try scan(tree, ["--fail-on", "never"])
        #expect(never.status == 0, "\(never.stderr)")
        #expect(never.stdout.contains("secrets_file_exposed"))
        #expect(try scan(tree, ["--fail-on", "none"]).status == 0)
        #expect(try scan(tree, ["--fail-on", "bogus"]).status == 64)
    }

    @Test("--quiet leaves standard error empty; without it a files-only run prints one summary line")
    func quietAndSummary() throws {
        let tree = try repo()
        let out = try FixtureTree("cli-quiet")
        let loud = try scan(tree, ["-o", out.path("r.json")])
        #expect(loud.stdout.isEmpty)
        let summary = loud.stderr.split(separator: "\n").filter { $0.hasPrefix("goose-audit: ") }
        #expect(summary.count == 1, "\(loud.stderr)")
        #expect(summary.first?.contains("1 finding (1 critical") == true)
        #expect(summary.first?.contains("r.json") == true)
        let quiet = try scan(tree, ["-o", out.path("r.json"), "--quiet"])
        #expect(quiet.status == 1)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
        let toStdout = try scan(tree, ["--format", "json"])
        #expect(!toStdout.stderr.contains("wrote"), "no summary when a report goes to standard output")
    }

    @Test("notices are grouped by kind with counts; --verbose lists each; JSON keeps every one")
    func groupedNotices() throws {
        let tree = try repo()
        for index in 0..<5 { try tree.file("recipes/broken-\(index).yaml", "title: [unclosed\n") }
        let out = try FixtureTree("cli-notices")
        let grouped = try scan(tree, ["-o", out.path("r.json")])
        let lines = grouped.stderr.split(separator: "\n").filter { $0.hasPrefix("notice: parse-error") }
        #expect(lines.count == 1, "\(grouped.stderr)")
        #expect(lines.first?.contains("×5") == true && lines.first?.contains("and 4 more") == true, "\(grouped.stderr)")
        let json = try String(contentsOfFile: out.path("r.json"), encoding: .utf8)
        #expect(json.components(separatedBy: "\"kind\" : \"parse-error\"").count - 1 == 5)
        let verbose = try scan(tree, ["-o", out.path("r.json"), "--verbose"])
        #expect(verbose.stderr.split(separator: "\n").filter { $0.hasPrefix("notice: parse-error") }.count == 5, "\(verbose.stderr)")
    }

    @Test(
        "progress goes to standard error only when it is a terminal",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a pseudo-terminal"))
    func progressOnTerminal() throws {
        let tree = try repo()
        let out = try FixtureTree("cli-progress")
        // script(1) gives the command a pseudo-terminal; GOOSE_AUDIT_PROGRESS_AFTER=0 stands for a long scan.
        let command = "GOOSE_AUDIT_PROGRESS_AFTER=0 '\(Binary.path)' scan '\(tree.root)' -o '\(out.path("r.json"))'"
        let terminal = try Shell.capture(
            "/usr/bin/script", ["-qec", command, "/dev/null"], environment: ["HOME": tree.root, "PATH": "/usr/bin:/bin"])
        #expect(terminal.stdout.contains("goose-audit: scanning 1 root"), "\(terminal.stdout)")
        let piped = try scan(tree, ["-o", out.path("r.json")], environment: ["GOOSE_AUDIT_PROGRESS_AFTER": "0"])
        #expect(!piped.stderr.contains("scanning"), "\(piped.stderr)")
        let quiet = try Shell.capture(
            "/usr/bin/script", ["-qec", command + " --quiet", "/dev/null"], environment: ["HOME": tree.root, "PATH": "/usr/bin:/bin"])
        #expect(!quiet.stdout.contains("scanning"))
    }

    @Test("a mistyped command that is not a path is a usage error with a suggestion; an existing path is scanned")
    func unknownCommand() throws {
        let tree = try repo()
        let typo = try Binary.run(["chekcs"], home: tree.root)
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("did you mean 'checks'"), "\(typo.stderr)")
        #expect(try Binary.run(["scna", "."], home: tree.root).stderr.contains("did you mean 'scan'"))
        try FileManager.default.createDirectory(atPath: tree.path("chekcs"), withIntermediateDirectories: true)
        #expect(try Binary.run(["chekcs"], home: tree.root).status == 0, "an existing folder of that name is scanned")
    }

    @Test(
        "ArgumentParser's errors quote a hostile argument escaped: no control character reaches the terminal",
        arguments: [
            ["--bogus\u{1B}[2J\u{1B}]0;pwned\u{07}"], ["scan", "--format", "\u{1B}[31mred\u{202E}"], ["chekcs\u{1B}[2J\u{9B}"],
            ["::error::\u{1B}[8m"], ["scan", ".", "--fail-on", "\n::warning::\u{1B}[1A"], ["history", "--nope\u{1B}]8;;x\u{1B}\\"],
            ["checks", "--format", "\u{1B}]8;;x\u{1B}\\"],
        ])
    func hostileArgumentsEscaped(_ arguments: [String]) throws {
        let tree = try repo()
        let result = try Binary.run(arguments, home: tree.root)
        #expect(result.status == 64, "\(result.stderr)")
        let raw = result.stderr.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E
        }
        #expect(raw.isEmpty, "raw control characters on stderr: \(raw.map { String($0.value, radix: 16) })")
        #expect(result.stderr.contains("\\x1b") || result.stderr.contains("\\u{9B}"), "\(result.stderr)")
        #expect(!result.stderr.split(separator: "\n").contains { $0.drop { $0 == " " }.hasPrefix("::") }, "\(result.stderr)")
        #expect(result.stderr.contains("Usage:") || result.stderr.contains("did you mean"), "the usage text still follows")
    }

    @Test("checks --format json lists every check with its documentation page")
    func checksJSON() throws {
        let tree = try repo()
        let result = try Binary.run(["checks", "--format", "json"], home: tree.root)
        #expect(result.status == 0)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let text = try Binary.run(["checks"], home: tree.root).stdout
        #expect(text.hasSuffix("\(items.count) checks\n"))
        for item in items {
            let page = try #require(item["documentation"] as? String)
            #expect(FileManager.default.fileExists(atPath: Binary.packageRoot + "/" + page), "\(page)")
            #expect(item["severity"] is String && item["id"] is String)
        }
    }

    @Test(
        "bash completion offers check ids after explain",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/bin/bash"), "needs bash"))
    func completion() throws {
        let tree = try repo()
        let script = try Binary.run(["--generate-completion-script", "bash"], home: tree.root).stdout
        let file = try tree.file("completion.bash", script)
        let driver = """
            source "$0"
            COMP_WORDS=("$1" explain secrets_f); COMP_CWORD=2; COMP_LINE="$1 explain secrets_f"; COMP_POINT=${#COMP_LINE}
            _goose-audit "$1" secrets_f explain
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try Shell.capture(
            "/bin/bash", ["-c", driver, file, Binary.path], environment: ["PATH": "/usr/bin:/bin", "HOME": tree.root])
        let offered = result.stdout.split(separator: "\n").map(String.init)
        #expect(offered.contains("secrets_file_exposed"), "\(result.stdout) \(result.stderr)")
        #expect(offered.allSatisfy { $0.hasPrefix("secrets_f") })
    }
}

/// `--git-tracked` (the pre-commit hooks): files .gitignore excludes are not audited.
struct GitTrackedTests {
    @Test(
        "--git-tracked audits what git tracks or would add, never ignored files",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/git"), "needs git"))
    func gitTracked() throws {
        let tree = try FixtureTree("cli-git")
        try tree.file(".gitignore", "secrets.yaml\n", mode: 0o644)
        try tree.file("secrets.yaml", "OPENAI_API_KEY: fake-value\n", mode: 0o644)
        try tree.file("config.yaml", "GOOSE_MODE: approve\n", mode: 0o644)
        let setup = try Shell.capture(
            "/bin/sh", ["-c", "git init -q && git add -A"], environment: ["PATH": "/usr/bin:/bin", "HOME": tree.root], directory: tree.root)
        #expect(setup.status == 0, "\(setup.stderr)")
        #expect(try Binary.run(["scan", "."], home: tree.root).status == 1, "the ignored secrets file is found without the flag")
        let tracked = try Binary.run(["scan", ".", "--git-tracked", "--format", "json"], home: tree.root)
        #expect(tracked.status == 0, "\(tracked.stderr)")
        #expect(!tracked.stdout.contains("\"rule_id\" : \"secrets_file_exposed\""))
        // Once .gitignore no longer excludes it, git would add it, so it is audited.
        try tree.file(".gitignore", "", mode: 0o644)
        #expect(try Binary.run(["scan", ".", "--git-tracked"], home: tree.root).status == 1)
        // A subdirectory of the work tree: git names its files relative to it (no second git call), as the walker does.
        try tree.file(".gitignore", "secrets.yaml\n", mode: 0o644)
        try tree.file("sub/secrets.yaml", "OPENAI_API_KEY: fake-value\n", mode: 0o644)
        try tree.file("sub/.env", "OPENAI_API_KEY=sk-proj-" + String(repeating: "Ab1Cd2Ef3", count: 6) + "\n", mode: 0o644)
        let sub = try Binary.run(["scan", "sub", "--git-tracked", "--format", "json"], home: tree.root)
        #expect(sub.status == 1, "\(sub.stderr)")
        #expect(sub.stdout.contains("\"path\" : \".env\""), "the untracked, not ignored .env is audited")
        #expect(!sub.stdout.contains("secrets.yaml"), "the ignored secrets file is not")
        let outside = try FixtureTree("cli-nogit")
        let refused = try Binary.run(["scan", ".", "--git-tracked"], home: outside.root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("not in a git work tree"), "\(refused.stderr)")
    }
}
