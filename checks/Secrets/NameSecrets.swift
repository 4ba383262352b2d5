import Dispatch
import GooseAuditCore
import SecretEngine
import StructuredText
import Synchronization

/// Secrets used as names: a token as an extension name, a YAML/JSON key, a `.env` variable name, a file or folder
/// name, a symlink target. `GooseAuditCore.SecretNames` decides (with this engine's format rules and value
/// heuristics, installed by `detector`); this turns each such name into a sighting, so a secret used as a name is
/// one finding like any other secret (same rule ids, grouping and evidence).
enum NameSecrets {
    /// The rule engine's side of `SecretNames`: the specific (format) rules, then the value heuristics that judge
    /// a literal at no credential position (placeholders, references, paths, UUIDs and plain words are not).
    static func detector(_ scanner: SecretScanner) -> SecretNames.Detector {
        SecretNames.Detector(
            formats: { token in
                scanner.scan(Array(token.utf8)).matches.compactMap { match in
                    let rule = scanner.rules[match.ruleIndex]
                    guard !rule.generic else { return nil }
                    return SecretNames.Match(
                        secret: match.secret, ruleID: rule.id, kind: rule.title,
                        publicPrefix: SecretReport.publicPrefix(of: match.secret, rule: rule))
                }
            },
            isCredential: { token in !Placeholder.matches(token) && SecretPositions.credential(in: token, secretNamed: false) != nil })
    }

    /// What kind of name a sighting is about, for its message.
    enum Place: String, Sendable {
        case key = "as a key name"
        case fileName = "as a file or folder name"
        case symlinkTarget = "as a symlink target"
    }

    /// Keys of `document` that are secrets, at the key's own line.
    static func keySightings(_ document: StructuredDocument, artifact: Artifact, scanner: SecretScanner) -> [Sighting] {
        var out: [Sighting] = []
        var stack = document.documents
        while let node = stack.popLast() {
            switch node {
            case .scalar: continue
            case .sequence(let items, _): stack += items
            case .mapping(let pairs, _):
                for pair in pairs {
                    stack.append(pair.value)
                    let position = pair.key.position
                    out += sightings(
                        pair.key.value, place: .key, artifact: artifact, line: position.line, column: position.column, scanner: scanner)
                }
            }
        }
        return out
    }

    /// Files, folders and symlinks whose own name, or whose link target, is a secret (each name once, at the entry
    /// that carries it: a folder named with a token is reported once, not once per file below it).
    /// Judged in parallel (a tree has thousands of names), returned in the order of `targets`.
    static func pathSightings(_ targets: [CheckTarget], scanner: SecretScanner) -> [Sighting] {
        let found = Mutex<[[Sighting]]>(Array(repeating: [], count: targets.count))
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            let sightings = pathSightings(targets[index].artifact, scanner: scanner)
            if !sightings.isEmpty { found.withLock { $0[index] = sightings } }
        }
        return Array(found.withLock { $0 }.joined())
    }

    private static func pathSightings(_ artifact: Artifact, scanner: SecretScanner) -> [Sighting] {
        guard artifact.embedding == nil else { return [] }
        var out: [Sighting] = []
        if !artifact.relativePath.isEmpty {
            out += sightings(artifact.name, place: .fileName, artifact: artifact, line: 0, column: 0, scanner: scanner)
        }
        if let link = artifact.symlinkTarget {
            out += sightings(link, place: .symlinkTarget, artifact: artifact, line: 0, column: 0, scanner: scanner)
        }
        return out
    }

    private static func sightings(
        _ name: String, place: Place, artifact: Artifact, line: Int, column: Int, scanner: SecretScanner
    ) -> [Sighting] {
        SecretNames.secrets(in: name).map { match in
            let rule = match.ruleID.flatMap(scanner.rule(withID:))
            var sighting = Sighting(
                artifact: artifact, origin: rule == nil ? .position : .specificRule, rule: rule, kind: match.kind,
                severity: rule?.severity ?? .medium, confidence: rule?.confidence ?? .low, line: line, column: column,
                keyPath: nil, value: match.secret)
            sighting.namePlace = place
            return sighting
        }
    }
}
