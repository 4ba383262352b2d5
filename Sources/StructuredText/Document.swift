/// A 1-based line and column in a file.
public struct Position: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: Position, rhs: Position) -> Bool { (lhs.line, lhs.column) < (rhs.line, rhs.column) }
}

/// One step of a key path: a mapping key or a sequence index.
public enum PathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}

/// A key path, shown as `extensions.github.envs.GITHUB_TOKEN` or `jobs.build.steps[2].run`.
public struct KeyPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var components: [PathComponent]

    public init(_ components: [PathComponent]) { self.components = components }
    public init(arrayLiteral elements: PathComponent...) { components = elements }

    public func appending(_ component: PathComponent) -> KeyPath { KeyPath(components + [component]) }

    /// The keys only (indices dropped), for matching by structure.
    public var keys: [String] {
        components.compactMap { if case .key(let key) = $0 { key } else { nil } }
    }

    public var last: PathComponent? { components.last }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                let plain =
                    !key.isEmpty
                    && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "$" || $0 == "@" || $0 == "/" }
                if plain {
                    text += text.isEmpty ? key : "." + key
                } else {
                    text += "[\"" + key.replacingOccurrences(of: "\"", with: "\\\"") + "\"]"
                }
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}

/// A scalar value with its position and whether it was quoted in the source.
public struct Scalar: Sendable, Hashable {
    public var value: String
    public var position: Position
    /// Plain (unquoted) YAML scalars may be numbers, booleans or null.
    public var isPlain: Bool

    public init(value: String, position: Position, isPlain: Bool = false) {
        self.value = value
        self.position = position
        self.isPlain = isPlain
    }

    /// `true`, `yes`, `on`, `1` (YAML 1.1 and goose's env parsing), case-insensitively.
    public var truthy: Bool { ["true", "yes", "on", "1"].contains(value.lowercased()) }
    /// A plain YAML null (`~`, `null`, empty).
    public var isNull: Bool { isPlain && ["", "~", "null", "Null", "NULL"].contains(value) }
}

/// A node of a parsed YAML, JSON or `.env` document, with positions.
public indirect enum Node: Sendable, Hashable {
    case scalar(Scalar)
    case mapping([Pair], Position)
    case sequence([Node], Position)

    public struct Pair: Sendable, Hashable {
        public var key: Scalar
        public var value: Node

        public init(key: Scalar, value: Node) {
            self.key = key
            self.value = value
        }
    }

    public var position: Position {
        switch self {
        case .scalar(let scalar): scalar.position
        case .mapping(_, let position), .sequence(_, let position): position
        }
    }

    /// The value of a mapping key (the first, if a key repeats).
    public subscript(_ key: String) -> Node? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key.value == key }?.value
    }

    /// The pair of a mapping key, to reach the key's own position.
    public func pair(_ key: String) -> Pair? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key.value == key }
    }

    public var pairs: [Pair] {
        if case .mapping(let pairs, _) = self { pairs } else { [] }
    }

    public var items: [Node] {
        if case .sequence(let items, _) = self { items } else { [] }
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = self { scalar } else { nil }
    }

    /// The scalar's text, or nil for mappings and sequences.
    public var string: String? { scalar?.value }

    public var isMapping: Bool { if case .mapping = self { true } else { false } }
    public var isSequence: Bool { if case .sequence = self { true } else { false } }

    /// Every scalar below this node with its key path (mapping keys are not leaves).
    public func leaves(under base: KeyPath = []) -> [Leaf] {
        var out: [Leaf] = []
        var stack: [(Node, KeyPath, Position?)] = [(self, base, nil)]
        while let (node, path, keyPosition) = stack.popLast() {
            switch node {
            case .scalar(let scalar):
                out.append(Leaf(keyPath: path, scalar: scalar, keyPosition: keyPosition))
            case .mapping(let pairs, _):
                for pair in pairs.reversed() {
                    stack.append((pair.value, path.appending(.key(pair.key.value)), pair.key.position))
                }
            case .sequence(let items, _):
                for (index, item) in items.enumerated().reversed() {
                    stack.append((item, path.appending(.index(index)), nil))
                }
            }
        }
        return out
    }
}

/// A scalar reached through a key path.
public struct Leaf: Sendable, Hashable {
    public var keyPath: KeyPath
    public var scalar: Scalar
    /// Where the key of the innermost mapping entry stands, when the leaf is a mapping value.
    public var keyPosition: Position?
}

/// The parsed form of a file: one or more documents (YAML streams can hold several).
public struct StructuredDocument: Sendable {
    public enum Format: String, Sendable {
        case yaml
        case json
        case env
    }

    public var format: Format
    public var documents: [Node]

    public init(format: Format, documents: [Node]) {
        self.format = format
        self.documents = documents
    }

    /// The first document, which is all most goose files have.
    public var root: Node? { documents.first }

    /// Every leaf of every document.
    public var leaves: [Leaf] { documents.flatMap { $0.leaves() } }

    /// The innermost leaf whose value starts on `line`, at or before `column` (for mapping raw
    /// text matches back to key paths).
    public func leaf(line: Int, column: Int? = nil) -> Leaf? {
        let onLine = leaves.filter { $0.scalar.position.line == line || $0.keyPosition?.line == line }
        guard let column else { return onLine.first }
        return onLine.last { $0.scalar.position.column <= column } ?? onLine.first
    }
}

/// Why a file could not be parsed; the scan goes on and scans it as text.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var format: StructuredDocument.Format
    public var message: String
    public var position: Position?

    public init(format: StructuredDocument.Format, message: String, position: Position? = nil) {
        self.format = format
        self.message = message
        self.position = position
    }

    public var description: String {
        let at = position.map { "line \($0.line), column \($0.column): " } ?? ""
        return "\(format.rawValue) parse error: \(at)\(message)"
    }
}
