import Foundation
import GooseAuditCore
import Yams

/// Parses YAML, JSON (comments allowed) and `.env` text into position-carrying nodes.
///
/// YAML goes through Yams' `compose` only: aliases share nodes there, and the conversion below
/// counts every node it visits against a budget, so an alias bomb ends in a `ParseError`
/// instead of exponential work. Nesting is bounded by libyaml (1000 levels).
public enum StructuredReader {
    /// Files larger than this are not parsed (their text is still scanned).
    public static let maxParseBytes = 4 * 1024 * 1024

    public static func parse(_ text: String, format: StructuredDocument.Format) -> Result<StructuredDocument, ParseError> {
        guard text.utf8.count <= maxParseBytes else {
            return .failure(ParseError(format: format, message: "larger than \(maxParseBytes) bytes; not parsed"))
        }
        switch format {
        case .yaml: return yaml(text)
        case .json: return json(text)
        case .env: return .success(EnvReader.parse(text))
        }
    }

    /// The format a file name suggests, if any.
    public static func format(forName name: String) -> StructuredDocument.Format? {
        let lower = name.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        if lower.hasSuffix(".json") || lower.hasSuffix(".jsonc") { return .json }
        if lower == ".env" || lower.hasPrefix(".env.") || lower.hasSuffix(".env") { return .env }
        return nil
    }

    public static func yaml(_ text: String) -> Result<StructuredDocument, ParseError> {
        convert(text, format: .yaml)
    }

    /// JSON, with `//` and `/* */` comments blanked out first (positions are kept).
    public static func json(_ text: String) -> Result<StructuredDocument, ParseError> {
        let cleaned = stripJSONComments(text)
        guard cleaned.contains(where: { !$0.isWhitespace }) else {
            return .failure(ParseError(format: .json, message: "empty document"))
        }
        return convert(cleaned, format: .json)
    }

    /// Yams' default encoding, asked once: Yams reads it from the process environment on every parse otherwise
    /// (a copy of the whole environment per file).
    private static let yamlUsesUTF16 = Parser.Encoding.default == .utf16

    private static func convert(_ text: String, format: StructuredDocument.Format) -> Result<StructuredDocument, ParseError> {
        var budget = max(100_000, text.utf8.count * 20)
        let lastLine = max(1, TextLines.split(text).count)
        do {
            var documents: [Node] = []
            // The basic resolver types every plain scalar as a string: checks read text, and the default
            // resolver runs an ICU regular expression on each scalar (a third of the parse time).
            var stream = try Yams.compose_all(yaml: text, .basic, .default, Self.yamlUsesUTF16 ? .utf16 : .utf8)
            while let root = stream.next() {
                documents.append(try build(root, budget: &budget, lastLine: lastLine, format: format))
            }
            if let error = stream.error { throw error }
            return .success(StructuredDocument(format: format, documents: documents))
        } catch let error as ParseError {
            return .failure(error)
        } catch let error as YamlError {
            return .failure(describe(error, format: format))
        } catch {
            return .failure(ParseError(format: format, message: "\(error)"))
        }
    }

    private static func describe(_ error: YamlError, format: StructuredDocument.Format) -> ParseError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ParseError(format: format, message: problem, position: Position(line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, _):
            let keys = duplicates.sorted().joined(separator: ", ")
            return ParseError(format: format, message: "duplicate keys: \(keys)")
        default:
            let text = "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid document"
            return ParseError(format: format, message: text)
        }
    }

    /// Converts a Yams node tree iteratively, with a budget on visited nodes.
    /// Positions are clamped to the text: libyaml marks an implicit empty value after the end of the stream.
    private static func build(_ root: Yams.Node, budget: inout Int, lastLine: Int, format: StructuredDocument.Format) throws -> Node {
        func clamped(_ mark: Mark?, _ fallback: Position) -> Position {
            guard let mark else { return fallback }
            return mark.line > lastLine ? Position(line: lastLine, column: 1) : Position(line: mark.line, column: mark.column)
        }
        enum Work {
            case visit(Yams.Node)
            case finishMapping(keys: [Scalar], position: Position)
            case finishSequence(count: Int, position: Position)
        }
        var work: [Work] = [.visit(root)]
        var built: [Node] = []
        while let item = work.popLast() {
            switch item {
            case .visit(let node):
                budget -= 1
                guard budget >= 0 else {
                    throw ParseError(format: format, message: "document too large or too deeply aliased; node budget exhausted")
                }
                let position = clamped(node.mark, Position(line: 1, column: 1))
                switch node {
                case .scalar(let scalar):
                    built.append(.scalar(Scalar(value: scalar.string, position: position, isPlain: scalar.style == .plain)))
                case .mapping(let mapping):
                    var keys: [Scalar] = []
                    var values: [Yams.Node] = []
                    for (key, value) in mapping {
                        let keyPosition = clamped(key.mark, position)
                        keys.append(Scalar(value: key.scalar?.string ?? "<complex key>", position: keyPosition))
                        values.append(value)
                    }
                    work.append(.finishMapping(keys: keys, position: position))
                    for value in values.reversed() { work.append(.visit(value)) }
                case .sequence(let sequence):
                    let items = Array(sequence)
                    work.append(.finishSequence(count: items.count, position: position))
                    for child in items.reversed() { work.append(.visit(child)) }
                case .alias:
                    built.append(.scalar(Scalar(value: "", position: position, isPlain: true)))
                }
            case .finishMapping(let keys, let position):
                let values = built.suffix(keys.count)
                built.removeLast(keys.count)
                built.append(.mapping(zip(keys, values).map { Node.Pair(key: $0, value: $1) }, position))
            case .finishSequence(let count, let position):
                let items = Array(built.suffix(count))
                built.removeLast(count)
                built.append(.sequence(items, position))
            }
        }
        return built.last ?? .scalar(Scalar(value: "", position: Position(line: 1, column: 1), isPlain: true))
    }

    /// Replaces comments outside strings with spaces, keeping newlines so positions stay right.
    static func stripJSONComments(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var inString = false
        var escaped = false
        var lineComment = false
        var blockComment = false
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if lineComment {
                if byte == UInt8(ascii: "\n") { lineComment = false; out.append(byte) } else { out.append(UInt8(ascii: " ")) }
            } else if blockComment {
                if byte == UInt8(ascii: "*"), next == UInt8(ascii: "/") {
                    blockComment = false
                    out += [32, 32]
                    index += 1
                } else {
                    out.append(byte == UInt8(ascii: "\n") ? byte : 32)
                }
            } else if inString {
                out.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "/"), next == UInt8(ascii: "/") {
                lineComment = true
                out += [32, 32]
                index += 1
            } else if byte == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                blockComment = true
                out += [32, 32]
                index += 1
            } else {
                if byte == UInt8(ascii: "\"") { inString = true }
                // Tabs are whitespace in JSON; libyaml rejects some of them, so spaces stand in.
                out.append(byte == UInt8(ascii: "\t") ? 32 : byte)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// `.env` files: `KEY=value`, `export KEY=value`, single, double and unquoted values, inline
/// comments after whitespace, CRLF line ends and a leading BOM.
public enum EnvReader {
    public static func parse(_ text: String) -> StructuredDocument {
        var pairs: [Node.Pair] = []
        var lineNumber = 0
        for rawLine in TextLines.split(text) {
            lineNumber += 1
            var line = rawLine
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            var body = line.dropFirst(indent)
            guard !body.isEmpty, body.first != "#" else { continue }
            if body.hasPrefix("export ") || body.hasPrefix("export\t") {
                body = body.dropFirst(7).drop { $0 == " " || $0 == "\t" }
            }
            guard let equals = body.firstIndex(of: "=") else { continue }
            let key = body[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) else { continue }
            let keyColumn = line.distance(from: line.startIndex, to: body.startIndex) + 1
            var valuePart = body[body.index(after: equals)...]
            valuePart = valuePart.drop { $0 == " " || $0 == "\t" }
            let valueColumn = line.distance(from: line.startIndex, to: valuePart.startIndex) + 1
            let value: String
            if let quote = valuePart.first, quote == "\"" || quote == "'" {
                let inner = valuePart.dropFirst()
                if let close = inner.firstIndex(of: quote) {
                    value = String(inner[..<close])
                } else {
                    value = String(inner)
                }
            } else {
                var end = valuePart.endIndex
                var previous: Character = " "
                for index in valuePart.indices {
                    if valuePart[index] == "#", previous == " " || previous == "\t" { end = index; break }
                    previous = valuePart[index]
                }
                value = valuePart[..<end].trimmingCharacters(in: .whitespaces)
            }
            let keyScalar = Scalar(value: key, position: Position(line: lineNumber, column: keyColumn))
            let valueScalar = Scalar(value: value, position: Position(line: lineNumber, column: valueColumn))
            pairs.append(Node.Pair(key: keyScalar, value: .scalar(valueScalar)))
        }
        return StructuredDocument(format: .env, documents: [.mapping(pairs, Position(line: 1, column: 1))])
    }
}
