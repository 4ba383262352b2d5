import Foundation
import Yams

/// The global allowlist (`allowlist.yaml` beside this file, compiled into the binary): values
/// that look like credentials and are not, each with the reason it is listed.
public struct Allowlist: Sendable {
    /// One listed value, word or prefix and why it is listed.
    public struct Entry: Sendable, Hashable {
        public var text: String
        public var reason: String
    }

    /// Words that mark a value of at most 128 characters as documentation or a fixture.
    public let markers: [Entry]
    /// Runs that mark a value of any length as elided or templated.
    public let fillers: [Entry]
    /// Exact values published in vendor documentation.
    public let documentedValues: [Entry]
    /// Segments of published sample tokens (the jwt.io JWT).
    public let documentedSegments: [Entry]
    /// Exact values local model servers accept in place of a key.
    public let localDummies: [Entry]
    /// Prefixes of code and template expressions that read a secret at run time.
    public let references: [Entry]

    /// The shipped list.
    public static let builtIn: Allowlist = {
        do {
            return try Allowlist(yaml: String(decoding: PackageResources.allowlist_yaml, as: UTF8.self))
        } catch {
            preconditionFailure("built-in allowlist.yaml is invalid: \(error)")
        }
    }()

    /// Parses the allowlist format; every entry needs its text and a non-empty `reason`.
    public init(yaml: String) throws(RuleError) {
        let root: Yams.Node?
        do { root = try Yams.compose(yaml: yaml, .basic) } catch { throw .syntax(file: "allowlist.yaml", line: nil, message: "\(error)") }
        func list(_ section: String, _ field: String, or other: String? = nil) throws(RuleError) -> [Entry] {
            var out: [Entry] = []
            for node in root?.mapping?[section]?.sequence ?? [] {
                if let other, node.mapping?[field] == nil, node.mapping?[other] != nil { continue }
                guard let text = node.mapping?[field]?.string, !text.isEmpty else {
                    throw .missingField(file: "allowlist.yaml", rule: section, field: field)
                }
                guard let reason = node.mapping?["reason"]?.string, !reason.isEmpty else {
                    throw .missingField(file: "allowlist.yaml", rule: "\(section): \(text)", field: "reason")
                }
                out.append(Entry(text: text, reason: reason))
            }
            return out
        }
        markers = try list("markers", "word")
        fillers = try list("fillers", "word")
        documentedValues = try list("documented", "value", or: "contains")
        documentedSegments = try list("documented", "contains", or: "value")
        localDummies = try list("local_dummies", "value")
        references = try list("references", "prefix")
        markerBytes = markers.map { ASCIIText.folded($0.text) }
        fillerBytes = fillers.map { ASCIIText.folded($0.text) }
        exact = Dictionary((documentedValues + localDummies).map { ($0.text.lowercased(), $0.reason) }, uniquingKeysWith: { a, _ in a })
        segmentBytes = documentedSegments.map { Array($0.text.utf8) }
        referenceBytes = references.map { Array($0.text.utf8) }
        referenceASCII = references.map { $0.text.utf8.allSatisfy { $0 < 0x80 } }
    }

    /// Whether `text` (whose UTF-8 is `bytes`) starts with a reference prefix, as `String.hasPrefix` says. An
    /// ASCII prefix that is not a prefix of the bytes is not one of the text either, so the bytes are compared
    /// first (`hasPrefix` compares characters, and is asked of every candidate secret).
    func hasReferencePrefix(_ text: String, bytes: [UInt8]) -> Bool {
        references.indices.contains { index in
            (!referenceASCII[index] || bytes.starts(with: referenceBytes[index])) && text.hasPrefix(references[index].text)
        }
    }

    private let markerBytes: [[UInt8]]
    private let fillerBytes: [[UInt8]]
    private let exact: [String: String]
    private let segmentBytes: [[UInt8]]
    private let referenceBytes: [[UInt8]]
    private let referenceASCII: [Bool]

    /// Why `value` is not a credential, or nil when nothing here says so.
    public func reason(for value: some StringProtocol) -> String? {
        let text = String(value)
        if let reason = exact[text.lowercased()] { return reason }
        let bytes = Array(text.utf8)
        if let index = referenceBytes.firstIndex(where: { bytes.starts(with: $0) }) { return references[index].reason }
        if let index = segmentBytes.firstIndex(where: { ASCIIText.contains(bytes, $0) }) { return documentedSegments[index].reason }
        let lower = ASCIIText.folded(text)
        // Long values (PEM blocks, JWTs) contain short words by chance; only fillers mark them.
        if lower.count <= 128, let index = markerBytes.firstIndex(where: { ASCIIText.contains(lower, $0) }) {
            return markers[index].reason
        }
        if let index = fillerBytes.firstIndex(where: { ASCIIText.contains(lower, $0) }) { return fillers[index].reason }
        return nil
    }

    /// Whether `value` is a known local-server dummy key (it opens nothing).
    public func isLocalDummy(_ value: some StringProtocol) -> Bool {
        localDummies.contains { $0.text.caseInsensitiveCompare(String(value)) == .orderedSame }
    }
}
