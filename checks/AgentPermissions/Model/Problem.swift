import GooseAuditCore
import StructuredText

/// One weakness found at one setting, before a check turns it into a finding.
struct Problem: Sendable {
    var setting: Setting
    /// A lowercase fragment saying what is wrong.
    var message: String
    /// A non-secret fact shown as proof (a command, a flag, a host; never a credential).
    var evidence: String
    /// Overrides the check's default severity.
    var severity: Severity?
    var confidence: Confidence = .high
}

extension Setting {
    /// A key the configuration does not set, placed at the top of `artifact`.
    static func unset(_ key: String, in artifact: Artifact) -> Setting {
        Setting(
            node: .scalar(Scalar(value: "", position: Position(line: 0, column: 0), isPlain: true)), keyPath: [.key(key)],
            origin: .file(artifact, Position(line: 0, column: 0)))
    }

    /// A whole-file setting at `line` of `artifact` (for text files and recipe fields).
    static func at(_ node: Node, _ keyPath: KeyPath, in artifact: Artifact) -> Setting {
        Setting(node: node, keyPath: keyPath, origin: .file(artifact, node.position))
    }
}

extension CheckDescriptor {
    /// The finding for `problem`. Values set by an environment variable have no file of their own:
    /// they are attached to `anchor` (the user configuration) and the message names the variable.
    func finding(_ problem: Problem, anchor: Artifact) -> Finding {
        let keyPath = problem.setting.keyPath.components.isEmpty ? nil : problem.setting.keyPath.description
        switch problem.setting.origin {
        case .file(let artifact, let position):
            return finding(
                problem.message, at: artifact, line: position.line > 0 ? position.line : nil,
                column: position.line > 0 ? position.column : nil, keyPath: keyPath, evidence: .fact(problem.evidence),
                severity: problem.severity, confidence: problem.confidence)
        case .environment(let name):
            return finding(
                "\(problem.message) (set by environment variable \(name))", at: anchor, keyPath: keyPath,
                evidence: .fact("env \(name): \(problem.evidence)"), severity: problem.severity, confidence: problem.confidence)
        }
    }
}

extension Evidence {
    /// A fact about one line of a text file, with a digest of the line so that two lines saying the
    /// same kind of thing keep distinct fingerprints (the line's text itself may hold anything).
    static func fact(_ text: String, line: some StringProtocol) -> Evidence {
        .fact("\(text) (line \(Digest.sha256Hex(String(line)).prefix(12)))")
    }
}

/// Drops repeats of one finding (a system layer seen under several user configurations).
func unique(_ findings: [Finding]) -> [Finding] {
    var seen = Set<String>()
    return findings.filter { seen.insert("\($0.fingerprint)|\($0.location.display)").inserted }
}

/// URL facts the transport checks share.
enum URLFacts {
    /// The host of an `http(s)://` URL, without user info, port or brackets.
    static func host(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        var rest = url[scheme.upperBound...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") { return String(rest[rest.index(after: rest.startIndex)..<close]) }
        if let colon = rest.lastIndex(of: ":") { rest = rest[..<colon] }
        return rest.isEmpty ? nil : String(rest).lowercased()
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host.hasPrefix("127.")
    }

    /// `http://` to a host other than loopback: traffic anyone on the path can read or change.
    static func isCleartextRemote(_ url: String) -> Bool {
        guard url.lowercased().hasPrefix("http://"), let host = host(of: url) else { return false }
        return !isLoopback(host)
    }

    static func isHTTPS(_ url: String) -> Bool { url.lowercased().hasPrefix("https://") }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    func trimming(_ set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
