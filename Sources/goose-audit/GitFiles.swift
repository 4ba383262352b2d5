import Foundation
import GooseAuditCore

/// `--git-tracked`: the files git tracks or would add in each scanned root (tracked, plus untracked files
/// that `.gitignore` does not exclude), as absolute paths. Runs `git ls-files`, nothing else.
enum GitFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func listed(roots: [ScanRoot]) throws -> Set<String> {
        var files: Set<String> = []
        for root in roots {
            let directory = root.isFile ? (root.path as NSString).deletingLastPathComponent : root.path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // Names relative to `directory` (no `--full-name`): no second git call for the top level is needed.
            process.arguments = ["git", "-C", directory, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            do { try process.run() } catch { throw Failure(description: "--git-tracked: cannot run git: \(error)") }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Failure(
                    description:
                        "--git-tracked: \(root.label) is not in a git work tree: \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
                )
            }
            // The walker names files under the root as given; the resolved names are listed too.
            let resolved = OutputGuard.resolved(directory)
            for name in data.split(separator: 0) {
                let relative = String(decoding: name, as: UTF8.self)
                files.insert(directory + "/" + relative)
                if resolved != directory { files.insert(resolved + "/" + relative) }
            }
        }
        return files
    }
}
