import ArgumentParser
import Foundation
import GooseAuditCore

/// Which report goes where: `--format` and `--output` paired as the user wrote them.
///
/// An `--output` whose extension names a format (`.sarif`, `.json`, `.xml`, `.md`, `.html`, `.txt`) pairs
/// with a `--format` of that kind, or sets the format when none was given; any other `--output` (`-`, a
/// device, a name without a known extension) pairs with the first `--format` before it that has no file yet,
/// so `--format text --format json -o - -o r.json` pairs in order. A `--format` left without a file goes to
/// standard output. A file whose extension contradicts its format is a usage error.
struct ReportDestinations {
    struct Pair: Equatable {
        var format: OutputFormat
        /// A path, or `-` for standard output.
        var destination: String
    }

    var pairs: [Pair]

    enum Token: Equatable {
        case format(OutputFormat)
        case output(String)
    }

    /// The format an output file's name implies, if any.
    static func format(forExtensionOf path: String) -> OutputFormat? {
        let name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".sarif") || name.hasSuffix(".sarif.json") { return .sarif }
        switch (name as NSString).pathExtension {
        case "json": return .json
        case "xml": return .junit
        case "md", "markdown": return .markdown
        case "html", "htm": return .html
        case "txt", "text": return .text
        default: return nil
        }
    }

    /// Pairs `tokens` (in command-line order). Throws a `ValidationError` on a mismatch.
    init(tokens: [Token]) throws {
        var slots: [(format: OutputFormat, destination: String?)] = []
        var loose: [String] = []
        for token in tokens {
            switch token {
            case .format(let format):
                if let index = loose.firstIndex(where: {
                    Self.format(forExtensionOf: $0) == format || Self.format(forExtensionOf: $0) == nil
                }) {
                    slots.append((format, loose.remove(at: index)))
                } else {
                    slots.append((format, nil))
                }
            case .output(let path):
                let implied = Self.format(forExtensionOf: path)
                let open = slots.indices.filter { slots[$0].destination == nil }
                if let implied, let index = open.first(where: { slots[$0].format == implied }) {
                    slots[index].destination = path
                } else if implied == nil, let index = open.first {
                    slots[index].destination = path
                } else {
                    loose.append(path)
                }
            }
        }
        let hasFormats = tokens.contains { if case .format = $0 { return true } else { return false } }
        for path in loose {
            guard let implied = Self.format(forExtensionOf: path) else {
                if hasFormats { throw ValidationError("cannot tell which --format \(path) is for; put --output right after its --format") }
                slots.append((.text, path))
                continue
            }
            if let clash = slots.first(where: { $0.destination == nil })?.format {
                throw ValidationError("\(path) looks like a \(implied.rawValue) report but its --format is \(clash.rawValue)")
            }
            if hasFormats {
                throw ValidationError("\(path) looks like a \(implied.rawValue) report and there is no --format \(implied.rawValue) for it")
            }
            slots.append((implied, path))
        }
        if slots.isEmpty { slots.append((.text, nil)) }
        pairs = slots.map { Pair(format: $0.format, destination: $0.destination.map(Self.canonical) ?? "-") }
        guard pairs.filter({ $0.destination == "-" }).count <= 1 else {
            throw ValidationError("only one format can go to standard output; give the others an --output")
        }
    }

    /// `/dev/stdout` is standard output.
    static func canonical(_ path: String) -> String {
        path == "/dev/stdout" ? "-" : path
    }

    /// The `--format`/`--output` options in the order they appear in `arguments` (the process's command
    /// line), with their values taken from what the parser read; nil when the two do not line up.
    static func tokens(arguments: [String], formats: [OutputFormat], outputs: [String]) -> [Token]? {
        var kinds: [Bool] = []  // true: format, false: output
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--format" || argument == "--output" || argument == "-o" {
                kinds.append(argument == "--format")
                index += 2
                continue
            }
            if argument.hasPrefix("--format=") { kinds.append(true) }
            if argument.hasPrefix("--output=") || (argument.hasPrefix("-o") && !argument.hasPrefix("--") && argument.count > 2) {
                kinds.append(false)
            }
            index += 1
        }
        guard kinds.filter({ $0 }).count == formats.count, kinds.filter({ !$0 }).count == outputs.count else { return nil }
        var nextFormat = formats.makeIterator()
        var nextOutput = outputs.makeIterator()
        return kinds.map { $0 ? .format(nextFormat.next()!) : .output(nextOutput.next()!) }
    }
}

/// Writes one rendered report: regular files atomically (0600, never through a symlink); character
/// devices and FIFOs (`/dev/null`, a pipe a CI step reads) by opening and writing them in place.
enum ReportWriter {
    static func write(_ data: Data, to path: String) throws {
        if case .success(let metadata) = FileMetadata.lstat(path), metadata.type == .characterDevice || metadata.type == .fifo {
            try writeStream(data, to: path)
        } else {
            try SafeFileWriter.write(data, to: path)
        }
    }

    static func writeStream(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw SystemError(errno: errno, path: path) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        // What was opened must still be a device or a FIFO (not a file swapped in after the lstat).
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFCHR || (info.st_mode & S_IFMT) == S_IFIFO else {
            throw SafeFileWriter.Failure.notRegular(path)
        }
        try handle.write(contentsOf: data)
    }
}
