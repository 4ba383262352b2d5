import Foundation
import GooseAuditCore
import SecretEngine
import StructuredText

/// Fuzz harnesses for the parsers that read attacker-controlled files. Each checks invariants that
/// must hold for every input; a violated invariant traps, which libFuzzer reports as a crash.
///
/// Built two ways (see docs/fuzzing.md):
/// - `-DFUZZING -sanitize=fuzzer`: a libFuzzer binary; `FUZZ_HARNESS` picks the harness.
/// - normally: a replayer, `goose-audit-fuzz HARNESS FILE…`, which runs saved inputs (the regression corpus).
enum Harness: String, CaseIterable {
    case env
    case yaml
    case json
    case classify
    case rules
    case secrets
    case text

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lineCount = TextLines.split(text).count
        switch self {
        case .env:
            let document = EnvReader.parse(text)
            for leaf in document.leaves {
                invariant((1...lineCount).contains(leaf.scalar.position.line), "env line out of range")
                invariant(!leaf.keyPath.description.isEmpty, "env key empty")
            }
        case .yaml:
            if case .success(let document) = StructuredReader.yaml(text) { checkPositions(document, lineCount: lineCount) }
        case .json:
            if case .success(let document) = StructuredReader.json(text) { checkPositions(document, lineCount: lineCount) }
        case .rules:
            // Any rule file either loads (every rule compiled and its examples checked) or is rejected
            // with an error; a gitleaks TOML likewise.
            if let rules = try? RuleLoader.yaml(text, source: "fuzz.yaml") {
                invariant(rules.allSatisfy { !$0.id.isEmpty }, "a loaded rule has an empty id")
                _ = try? SecretScanner(rules: rules)
            }
            _ = try? GitleaksImport.rules(text, source: "fuzz.toml")
        case .secrets:
            let outcome = Self.scanner.scan(bytes)
            for match in outcome.matches {
                invariant(match.range.lowerBound >= 0 && match.range.upperBound <= bytes.count, "match outside the input")
                invariant(match.line >= 1 && match.column >= 1, "match position not 1-based")
                // Evidence as the secret modules make it: at most the format's public prefix, and the length.
                let evidence = SecretReport.evidence(match.secret, rule: Self.scanner.rules[match.ruleIndex])
                let shown = evidence.text.prefix { $0 != "…" }
                invariant(evidence.text.hasSuffix("…(\(match.secret.count) chars)"), "redacted evidence without the length")
                let prefixOnly = zip(shown, match.secret).allSatisfy { $0 == $1 || $0 == "?" } && shown.count * 2 <= match.secret.count
                invariant(prefixOnly, "redacted evidence shows more than a public prefix")
            }
        case .text:
            TextHarness.run(bytes)
        case .classify:
            // The first line is a relative path, the rest is content.
            let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts.first ?? "")
            for role in RootRole.allCases {
                for type in [FileType.regular, .directory, .symlink] {
                    let kind = Classifier.classify(relativePath: path, role: role, type: type, rootLayout: true)
                    invariant(type != .symlink || kind == .symlink, "symlink classified as \(kind)")
                }
            }
            let body = parts.count > 1 ? parts[1] : ""
            let refined = Classifier.refine(.otherFile, name: "fuzz.yaml", text: Substring(body))
            invariant([.otherFile, .config, .recipe].contains(refined), "refine produced \(refined)")
        }
    }

    /// A scanner over a small fixed rule set (the engine, not the shipped rules, is under test here).
    static let scanner: SecretScanner = {
        let rules = """
            rules:
              - id: fuzz_token
                title: Fuzz token
                description: a prefixed token
                pattern: '\\b(tok_[A-Za-z0-9]{16,40})\\b'
                keywords: [tok_]
                secret_group: 1
                severity: high
                examples:
                  true_positives: ['x = tok_abcdefghijklmnop1234']
                  false_positives: ['tok_short']
              - id: fuzz_pem
                title: Fuzz PEM
                description: a PEM block
                pattern: '-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]{16,4096}?-----END [A-Z ]*PRIVATE KEY-----'
                keywords: ['-----begin']
                severity: critical
                examples:
                  true_positives: ["-----BEGIN RSA PRIVATE KEY-----\\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX\\n-----END RSA PRIVATE KEY-----"]
                  false_positives: ['-----BEGIN PUBLIC KEY-----']
            """
        do {
            return try SecretScanner(rules: try RuleLoader.yaml(rules, source: "fuzz-harness"))
        } catch {
            fatalError("fuzz harness rules do not load: \(error)")
        }
    }()

    /// Every leaf lies inside the text, and `leaf(line:)` finds a leaf on the lines leaves start on.
    func checkPositions(_ document: StructuredDocument, lineCount: Int) {
        for leaf in document.leaves.prefix(10_000) {
            let line = leaf.scalar.position.line
            invariant(line == 0 || (1...max(1, lineCount)).contains(line), "leaf line \(line) outside 1...\(lineCount)")
            _ = leaf.keyPath.description
            if line > 0 { invariant(document.leaf(line: line) != nil, "no leaf found on line \(line)") }
        }
    }
}

/// Like `precondition`, but keeps its message in release builds (the fuzzer log shows which invariant broke).
func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    guard !condition() else { return }
    FileHandle.standardError.write(Data("invariant violated: \(message())\n".utf8))
    abort()
}

#if FUZZING
    nonisolated(unsafe) let selected: Harness = {
        let name = ProcessInfo.processInfo.environment["FUZZ_HARNESS"] ?? ""
        guard let harness = Harness(rawValue: name) else {
            FileHandle.standardError.write(
                Data("FUZZ_HARNESS must be one of: \(Harness.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        return harness
    }()

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM renames an executable's `main` to `<module>_main`; hand control to libFuzzer's driver from there.
    @_cdecl("goose_audit_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var vector = argv
        return runDriver(&count, &vector, fuzzOneInput)
    }
#else
    @main
    enum Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let harness = Harness(rawValue: name) else {
                print("usage: goose-audit-fuzz {\(Harness.allCases.map(\.rawValue).joined(separator: "|"))} FILE…")
                exit(64)
            }
            var count = 0
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("cannot read \(path)")
                    exit(2)
                }
                harness.run(Array(data))
                count += 1
            }
            print("\(name): \(count) inputs replayed without a crash")
        }
    }
#endif
