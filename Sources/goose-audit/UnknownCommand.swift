import ArgumentParser
import Foundation
import GooseAuditCore

/// `goose-audit chekcs`: a bare word that is neither a command nor an existing path is a mistyped
/// command (exit 64 with the closest command), not a missing scan root.
enum UnknownCommand {
    static var commandNames: [String] {
        GooseAudit.configuration.subcommands.map { $0._commandName }
    }

    /// Throws when the scan was implied (no `scan` before the first path) and that path is a bare word
    /// that does not exist.
    static func check(paths: [String], arguments: [String]) throws {
        guard let first = paths.first, !first.contains("/"), !first.hasPrefix("."), !first.hasPrefix("~") else { return }
        guard let position = arguments.firstIndex(of: first), !arguments[..<position].contains("scan") else { return }
        if case .success = FileMetadata.lstat(first) { return }
        let closest = commandNames.map { ($0, distance($0, first.lowercased())) }.min { $0.1 < $1.1 }
        var message = "unknown command '\(first)' (and no such file or directory)"
        if let closest, closest.1 <= max(2, first.count / 3) { message += "; did you mean '\(closest.0)'?" }
        message += " Commands: \(commandNames.joined(separator: ", "))."
        throw ValidationError(message)
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
