import Foundation

/// Text snapshots kept beside the tests, with a record mode: set `GOOSE_AUDIT_RECORD_SNAPSHOTS=1`
/// to (re)write them instead of comparing.
public enum Snapshot {
    public static let recordVariable = "GOOSE_AUDIT_RECORD_SNAPSHOTS"

    public static var recording: Bool { ProcessInfo.processInfo.environment[recordVariable] == "1" }

    /// Compares `actual` with `<directory>/<name>`; returns nil when they match (or after recording),
    /// else a description of the first difference.
    public static func verify(_ actual: String, named name: String, in directory: String) -> String? {
        let path = directory + "/" + name
        if recording {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
                return nil
            } catch {
                return "cannot record \(path): \(error)"
            }
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "no snapshot at \(path); run the tests with \(recordVariable)=1 to record it"
        }
        guard expected != actual else { return nil }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let want = line < a.count ? String(a[line]) : "<end>"
        let got = line < b.count ? String(b[line]) : "<end>"
        return
            "\(name) differs from its snapshot at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n(re-record with \(recordVariable)=1 if the change is intended)"
    }
}

/// Paths of the package under test.
public enum PackagePaths {
    /// The package root, from a test file's `#filePath` (`<root>/Tests/<Target>/<File>.swift`).
    public static func root(from filePath: String) -> String {
        var url = URL(fileURLWithPath: filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }

    /// The built command-line tool.
    public static func binary(from filePath: String) -> String { root(from: filePath) + "/.build/debug/goose-audit" }
}
