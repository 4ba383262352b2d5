import Foundation
import GooseAuditTestSupport
import Testing

/// Issue 19: names and values a scanned repository chooses never control the terminal or a CI log. Random
/// names drawn from control characters, bidirectional marks, zero-width characters and CI command prefixes are
/// put into file and directory names, YAML keys, values and extension names of a real goose tree; the real binary
/// scans it in every output format (and `fix`, `suppressions`, `checklist`, `config` print it). No output holds a
/// raw ESC (other than goose-audit's own colour codes), BEL, CR, bidi or zero-width mark, and no line of text
/// output starts with `::`, `##[` or `##vso[`. The names still arrive intact where a machine reads them (JSON).
@Suite(.serialized)
struct HostileNameTests {
    /// The pieces names are built from.
    static let hostile: [String] = [
        "\u{1B}[2J", "\u{1B}]8;;https://example.invalid\u{07}link\u{1B}]8;;\u{07}", "\u{1B}[31m", "\n::error file=x::fake",
        "\r", "\t", "\u{07}", "\u{7F}", "\u{9B}", "\u{85}", "\u{202E}", "\u{202A}", "\u{2066}", "\u{2069}", "\u{200B}",
        "\u{200F}", "\u{FEFF}", "\u{2060}", "\u{2028}", "::warning::", "##[error]", "##vso[task.complete]", "\\x1b",
    ]

    /// A name of one to three hostile pieces around plain letters; `lead` puts a piece first (`::` at line start).
    static func name(_ rng: inout SeededGenerator, lead: Bool = false) -> String {
        var out = lead ? hostile.randomElement(using: &rng)! : "n"
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            out += hostile.randomElement(using: &rng)! + String("abcxyz".randomElement(using: &rng)!)
        }
        return out
    }

    /// A YAML double-quoted scalar holding `text` exactly (every non-printable as an escape).
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "\"": out += "\\" + String(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value > 0x7E:
                let hex = String(scalar.value, radix: 16)
                out +=
                    scalar.value > 0xFFFF
                    ? "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                    : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A file-system-safe name (no `/`, no NUL).
    static func fileName(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "/" && $0 != "\0" }))
    }

    /// Raw scalars no output may hold: C0 and C1 controls but LF, DEL, bidi, zero-width and separators.
    static func forbidden(_ scalar: Unicode.Scalar, allowTab: Bool) -> Bool {
        let v = scalar.value
        if scalar == "\n" || (allowTab && scalar == "\t") { return false }
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || (0x200B...0x200F).contains(v) || v == 0x2060 || v == 0xFEFF || v == 0x2028 || v == 0x2029
    }

    /// Every forbidden scalar in `output`, after removing goose-audit's own colour codes when `colour`.
    static func violations(_ output: String, allowTab: Bool = false, colour: Bool = false) -> [String] {
        let text = colour ? output.replacingOccurrences(of: #"\x1B\[[0-9;]*m"#, with: "", options: .regularExpression) : output
        return text.unicodeScalars.filter { forbidden($0, allowTab: allowTab) }.map { "U+" + String($0.value, radix: 16) }
    }

    /// Lines a CI runner would read as a command (GitHub trims leading whitespace first).
    static func commandLines(_ output: String) -> [String] {
        output.replacingOccurrences(of: #"\x1B\[[0-9;]*m"#, with: "", options: .regularExpression)
            .split(separator: "\n").map { String($0.drop(while: \.isWhitespace)) }
            .filter { $0.hasPrefix("::") || $0.hasPrefix("##[") || $0.hasPrefix("##vso[") }
    }

    @Test("hostile names in every output format", arguments: 0..<6)
    func hostileNames(_ seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed) &* 7919 &+ 17)
        let tree = try FixtureTree("hostile-names")
        let recipe = Self.fileName(Self.name(&rng, lead: true)) + ".yaml"
        let envName = ".env." + Self.fileName(Self.name(&rng))
        let folder = Self.fileName(Self.name(&rng, lead: true))
        let (extensionName, key, value) = (Self.name(&rng, lead: true), Self.name(&rng), Self.name(&rng, lead: true))
        try tree.directory("repo", mode: 0o755)
        for dir in ["repo/.config", "repo/.config/goose", "repo/.config/goose/recipes", "repo/" + folder] {
            try tree.directory(dir, mode: 0o777)
        }
        let config = """
            GOOSE_MODE: auto
            OPENAI_API_KEY: sk-proj-FAKEfakeFAKEfake0123456789abcdefABCDEF
            \(Self.yamlQuoted(key)): \(Self.yamlQuoted(value))
            extensions:
              \(Self.yamlQuoted(extensionName)):
                enabled: true
                type: stdio
                cmd: npx
                args: ["-y", \(Self.yamlQuoted(value))]
                envs:
                  \(Self.yamlQuoted(key)): "ghp_FAKEfakeFAKEfake0123456789abcdefABCD"

            """
        try tree.file("repo/.config/goose/config.yaml", config, mode: 0o666)
        try tree.file("repo/.config/goose/recipes/" + recipe, "title: \(Self.yamlQuoted(value))\nprompt: [unclosed\n", mode: 0o666)
        try tree.file("repo/" + envName, "API_KEY=\(Self.yamlQuoted(value))\n", mode: 0o666)
        try tree.file("repo/" + folder + "/config.yaml", "GOOSE_MODE: auto\n", mode: 0o666)
        try tree.directory("out", mode: 0o700)
        try tree.directory("home", mode: 0o700)
        let repo = tree.path("repo")
        let home = tree.path("home")
        let formats = ["json", "sarif", "junit", "markdown", "html"]
        var arguments = ["scan", repo, "--color", "always", "--format", "text"]
        for format in formats { arguments += ["--format", format] }
        arguments += ["--output", "-"]
        for format in formats { arguments += ["--output", tree.path("out/report." + format)] }

        let scan = try Binary.run(arguments, home: home)
        #expect(scan.status == 1, "seed \(seed): \(scan.stderr)")
        var outputs: [(String, String, Bool)] = [("text", scan.stdout, true), ("stderr", scan.stderr, false)]
        for format in formats {
            outputs.append((format, try String(contentsOfFile: tree.path("out/report." + format), encoding: .utf8), false))
        }
        for command in [["fix", repo], ["suppressions", repo], ["checklist", repo], ["config", repo, "--effective"]] {
            let run = try Binary.run(command, home: home)
            outputs.append((command[0], run.stdout, false))
            outputs.append((command[0] + " stderr", run.stderr, false))
        }
        for (name, output, colour) in outputs {
            let bad = Self.violations(output, allowTab: name == "suppressions", colour: colour)
            #expect(bad.isEmpty, "seed \(seed): \(name) holds raw \(Set(bad).sorted())")
            if colour {
                #expect(!output.replacingOccurrences(of: #"\x1B\[[0-9;]*m"#, with: "", options: .regularExpression).contains("\u{1B}"))
            }
        }
        for (name, output, _) in outputs where !["json", "sarif", "junit", "html"].contains(name) {
            #expect(Self.commandLines(output).isEmpty, "seed \(seed): \(name) has command lines \(Self.commandLines(output))")
        }
        #expect(scan.stdout.contains("\u{1B}["), "--color always still colours goose-audit's own styling")

        // The names arrive intact where a machine reads them, and escaped (visible) in the text report.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outputs[2].1.utf8)) as? [String: Any])
        let paths =
            (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            + (json["notices"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths.contains { $0.hasSuffix("recipes/" + recipe) }, "seed \(seed): the recipe is reported by name")
        #expect(paths.contains { $0.hasSuffix(envName) }, "seed \(seed): the .env file is reported by name")
        #expect(scan.stdout.contains("\\"), "seed \(seed): escapes are visible in the text report")
    }
}
