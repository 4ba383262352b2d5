/// Imports the rules of a gitleaks configuration (`.gitleaks.toml`).
///
/// Read: `[[rules]]` `id`, `description`, `regex`, `secretGroup`, `entropy`, `keywords`, and each
/// rule's `[rules.allowlist]` / `[[rules.allowlists]]` `regexes` and `stopwords`. Ignored: path-only
/// rules, paths, commits, global allowlists, `[extend]` and composite rules. Ids get a `gitleaks_`
/// prefix (in snake_case) so they never collide with goose-audit's own rules.
public enum GitleaksImport {
    public static func rules(_ text: String, source: String) throws(RuleError) -> [SecretRule] {
        let tables: [TOMLSubset.Table]
        do {
            tables = try TOMLSubset.parse(text)
        } catch {
            throw .syntax(file: source, line: error.line, message: error.message)
        }
        var drafts: [(table: TOMLSubset.Table, allow: [TOMLSubset.Table])] = []
        for table in tables {
            switch (table.name, table.isArray) {
            case ("rules", true):
                drafts.append((table, []))
            case ("rules.allowlist", _), ("rules.allowlists", _):
                guard !drafts.isEmpty else {
                    throw .syntax(file: source, line: table.line, message: "[\(table.name)] before any [[rules]]")
                }
                drafts[drafts.count - 1].allow.append(table)
            default:
                continue
            }
        }
        var rules: [SecretRule] = []
        for (table, allow) in drafts {
            let rawID = try table.string("id", source: source) ?? "rules@line\(table.line)"
            guard let regex = try table.string("regex", source: source) else { continue }
            let id = "gitleaks_" + String(rawID.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
            let description = try table.string("description", source: source) ?? rawID
            var allowPatterns: [String] = []
            var stopWords: [String] = []
            for list in allow {
                allowPatterns += try list.strings("regexes", source: source)
                stopWords += try list.strings("stopwords", source: source)
            }
            rules.append(
                SecretRule(
                    id: id, title: description, description: "Imported from gitleaks rule \(rawID).", pattern: regex,
                    keywords: try table.strings("keywords", source: source),
                    secretGroup: Int(try table.number("secretGroup", source: source) ?? 0),
                    minEntropy: try table.number("entropy", source: source),
                    allowPatterns: allowPatterns, stopWords: stopWords,
                    severity: .medium, confidence: .medium, generic: rawID.hasPrefix("generic"), source: source))
        }
        return rules
    }
}

/// A reader for the TOML subset gitleaks configurations use: tables and arrays of tables, keys,
/// basic and literal strings (single- and multi-line), numbers, booleans and arrays.
enum TOMLSubset {
    indirect enum Value {
        case string(String)
        case number(Double)
        case bool(Bool)
        case array([Value])
    }

    struct Table {
        var name: String
        var isArray: Bool
        var line: Int
        var values: [String: Value] = [:]

        func string(_ key: String, source: String) throws(RuleError) -> String? {
            guard let value = values[key] else { return nil }
            guard case .string(let text) = value else { throw mismatch(key, "a string", source) }
            return text
        }

        func number(_ key: String, source: String) throws(RuleError) -> Double? {
            guard let value = values[key] else { return nil }
            guard case .number(let number) = value else { throw mismatch(key, "a number", source) }
            return number
        }

        func strings(_ key: String, source: String) throws(RuleError) -> [String] {
            guard let value = values[key] else { return [] }
            guard case .array(let items) = value else { throw mismatch(key, "an array of strings", source) }
            var out: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw mismatch(key, "an array of strings", source) }
                out.append(text)
            }
            return out
        }

        private func mismatch(_ key: String, _ expected: String, _ source: String) -> RuleError {
            .invalidField(file: source, rule: "[\(name)] at line \(line)", field: key, expected: expected, found: "another type")
        }
    }

    struct Failure: Error {
        var line: Int
        var message: String
    }

    static func parse(_ text: String) throws(Failure) -> [Table] {
        var reader = Reader(bytes: Array(text.utf8))
        var tables: [Table] = [Table(name: "", isArray: false, line: 1)]
        while true {
            reader.skipBlank(newlines: true)
            guard let byte = reader.peek() else { break }
            if byte == UInt8(ascii: "[") {
                let isArray = reader.peek(1) == UInt8(ascii: "[")
                let line = reader.line
                reader.index += isArray ? 2 : 1
                let name = try reader.until(isArray ? "]]" : "]", acrossLines: false)
                tables.append(Table(name: name.filter { $0 != " " && $0 != "\"" }, isArray: isArray, line: line))
            } else {
                let key = try reader.key()
                reader.skipBlank(newlines: false)
                guard reader.take(UInt8(ascii: "=")) else { throw Failure(line: reader.line, message: "expected '=' after key '\(key)'") }
                reader.skipBlank(newlines: false)
                tables[tables.count - 1].values[key] = try reader.value()
            }
            reader.skipBlank(newlines: false)
            if let byte = reader.peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
                throw Failure(line: reader.line, message: "unexpected text after a value")
            }
        }
        return tables
    }

    struct Reader {
        var bytes: [UInt8]
        var index = 0
        var line = 1

        func peek(_ ahead: Int = 0) -> UInt8? { index + ahead < bytes.count ? bytes[index + ahead] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            index += 1
            return true
        }

        mutating func advance() -> UInt8? {
            guard let byte = peek() else { return nil }
            index += 1
            if byte == UInt8(ascii: "\n") { line += 1 }
            return byte
        }

        /// Skips spaces, tabs, comments and (when asked) line ends.
        mutating func skipBlank(newlines: Bool) {
            while let byte = peek() {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
                    || (newlines && (byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")))
                {
                    _ = advance()
                } else if byte == UInt8(ascii: "#") {
                    while let next = peek(), next != UInt8(ascii: "\n") { index += 1 }
                } else {
                    return
                }
            }
        }

        /// The text up to `terminator`, which is consumed.
        mutating func until(_ terminator: String, acrossLines: Bool) throws(Failure) -> String {
            let end = Array(terminator.utf8)
            let start = index
            while index < bytes.count {
                if bytes[index...].starts(with: end) {
                    let text = String(decoding: bytes[start..<index], as: UTF8.self)
                    index += end.count
                    return text
                }
                if !acrossLines, bytes[index] == UInt8(ascii: "\n") { break }
                _ = advance()
            }
            throw Failure(line: line, message: "missing '\(terminator)'")
        }

        mutating func key() throws(Failure) -> String {
            if peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "'") { return try singleLineString() }
            let start = index
            while let byte = peek(), byte.isBareKey { index += 1 }
            guard index > start else { throw Failure(line: line, message: "expected a key") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// Arrays nested deeper than this are refused: gitleaks never nests more than two levels, and
        /// a hostile file (50,000 `[`) must become an error, not a stack overflow.
        static let maxDepth = 32

        mutating func value(depth: Int = 0) throws(Failure) -> Value {
            guard let byte = peek() else { throw Failure(line: line, message: "expected a value") }
            switch byte {
            case UInt8(ascii: "'") where bytes[index...].starts(with: Array("'''".utf8)):
                index += 3
                skipFirstNewline()
                return .string(try until("'''", acrossLines: true))
            case UInt8(ascii: "\"") where bytes[index...].starts(with: Array("\"\"\"".utf8)):
                index += 3
                skipFirstNewline()
                return .string(try unescape(until("\"\"\"", acrossLines: true)))
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                return .string(try singleLineString())
            case UInt8(ascii: "["):
                guard depth < Self.maxDepth else {
                    throw Failure(line: line, message: "arrays nested deeper than \(Self.maxDepth) levels; refused")
                }
                index += 1
                var items: [Value] = []
                while true {
                    skipBlank(newlines: true)
                    if take(UInt8(ascii: "]")) { return .array(items) }
                    items.append(try value(depth: depth + 1))
                    skipBlank(newlines: true)
                    if take(UInt8(ascii: ",")) { continue }
                    guard take(UInt8(ascii: "]")) else { throw Failure(line: line, message: "expected ',' or ']' in an array") }
                    return .array(items)
                }
            default:
                let start = index
                while let next = peek(), next.isBareKey || next == UInt8(ascii: "+") { index += 1 }
                let word = String(decoding: bytes[start..<index], as: UTF8.self)
                if word == "true" { return .bool(true) }
                if word == "false" { return .bool(false) }
                if let number = Double(word.replacingOccurrences(of: "_", with: "")) { return .number(number) }
                throw Failure(
                    line: line,
                    message:
                        "unsupported value '\(word.isEmpty ? String(UnicodeScalar(byte)) : word)' (inline tables and dates are not read)")
            }
        }

        private mutating func skipFirstNewline() {
            if peek() == UInt8(ascii: "\r") { index += 1 }
            if peek() == UInt8(ascii: "\n") { _ = advance() }
        }

        private mutating func singleLineString() throws(Failure) -> String {
            let quote = bytes[index]
            index += 1
            let start = index
            while let byte = peek(), byte != quote, byte != UInt8(ascii: "\n") {
                index += byte == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") ? 2 : 1
            }
            guard peek() == quote else { throw Failure(line: line, message: "unterminated string") }
            let raw = String(decoding: bytes[start..<index], as: UTF8.self)
            index += 1
            return quote == UInt8(ascii: "'") ? raw : try unescape(raw)
        }

        private func unescape(_ raw: String) throws(Failure) -> String {
            var out = ""
            var iterator = raw.unicodeScalars.makeIterator()
            while let scalar = iterator.next() {
                guard scalar == "\\" else { out.unicodeScalars.append(scalar); continue }
                switch iterator.next() {
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "\\": out += "\\"
                case "\"": out += "\""
                case "b": out += "\u{08}"
                case "f": out += "\u{0C}"
                case let marker? where marker == "u" || marker == "U":
                    var hex = ""
                    for _ in 0..<(marker == "u" ? 4 : 8) { if let digit = iterator.next() { hex.unicodeScalars.append(digit) } }
                    guard let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) else {
                        throw Failure(line: line, message: "invalid \\\(marker) escape")
                    }
                    out.unicodeScalars.append(decoded)
                case let other:
                    throw Failure(
                        line: line,
                        message:
                            "invalid escape '\\\(other.map(String.init) ?? "")' in a basic string; use a literal string '…' for regexes")
                }
            }
            return out
        }
    }
}

extension UInt8 {
    fileprivate var isBareKey: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "_") || self == UInt8(ascii: "-")
            || self == UInt8(ascii: ".")
    }
}
