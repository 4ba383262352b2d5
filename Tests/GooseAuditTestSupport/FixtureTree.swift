import Foundation
import GooseAuditCore

/// A temporary directory tree with real files, modes and ACLs, removed when released.
/// Modes are applied after writing, so the umask cannot interfere.
public final class FixtureTree: @unchecked Sendable {
    public let root: String

    /// Creates an empty directory under the system temp dir (mode 0755 so other users can be tested).
    public init(_ name: String = "fixture") throws {
        let base = NSTemporaryDirectory() + "goose-audit-tests-" + UUID().uuidString.prefix(8) + "-" + name
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        Foundation.chmod(base, 0o755)
        root = base
    }

    deinit {
        _ = try? Shell.run("/bin/chmod", ["-R", "u+rwx", root])
        try? FileManager.default.removeItem(atPath: root)
    }

    public func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    /// Writes a file (creating parent directories 0700) and applies `mode`.
    @discardableResult
    public func file(_ relative: String, _ contents: String = "", mode: mode_t = 0o600) throws -> String {
        let full = path(relative)
        try makeParents(of: full)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
        guard Foundation.chmod(full, mode) == 0 else { throw SystemError(errno: errno, path: full) }
        return full
    }

    /// Writes raw bytes.
    @discardableResult
    public func file(_ relative: String, bytes: [UInt8], mode: mode_t = 0o600) throws -> String {
        let full = path(relative)
        try makeParents(of: full)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        Foundation.chmod(full, mode)
        return full
    }

    @discardableResult
    public func directory(_ relative: String, mode: mode_t = 0o700) throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        guard Foundation.chmod(full, mode) == 0 else { throw SystemError(errno: errno, path: full) }
        return full
    }

    @discardableResult
    public func symlink(_ relative: String, to target: String) throws -> String {
        let full = path(relative)
        try makeParents(of: full)
        guard Foundation.symlink(target, full) == 0 else { throw SystemError(errno: errno, path: full) }
        return full
    }

    @discardableResult
    public func fifo(_ relative: String) throws -> String {
        let full = path(relative)
        try makeParents(of: full)
        guard mkfifo(full, 0o644) == 0 else { throw SystemError(errno: errno, path: full) }
        return full
    }

    public func chmod(_ relative: String, _ mode: mode_t) throws {
        guard Foundation.chmod(path(relative), mode) == 0 else { throw SystemError(errno: errno, path: path(relative)) }
    }

    /// `chown -h OWNER` on a path of the tree (needs root); never follows a symlink.
    public func chown(_ relative: String, _ owner: String) throws {
        try Shell.run("/bin/chown", ["-h", owner, path(relative)])
    }

    /// `setfacl -m SPEC` (or `-d -m` for a default ACL) on a path of the tree.
    public func setfacl(_ relative: String, _ specs: [String], default isDefault: Bool = false) throws {
        var arguments = isDefault ? ["-d", "-m"] : ["-m"]
        arguments.append(specs.joined(separator: ","))
        arguments.append(path(relative))
        try Shell.run("/usr/bin/setfacl", arguments)
    }

    /// Lays out a check example's files.
    public func lay(_ files: [ExampleFile]) throws {
        for item in files where item.isDirectory {
            try directory(item.path, mode: mode_t(item.mode))
        }
        for item in files {
            if let target = item.symlinkTarget {
                try symlink(item.path, to: target)
            } else if let contents = item.contents {
                try file(item.path, contents, mode: mode_t(item.mode))
            } else if let sql = item.sql {
                try database(item.path, sql: sql, mode: mode_t(item.mode))
            }
        }
        for item in files {
            if let owner = item.owner { try chown(item.path, owner) }
        }
        for item in files where item.needsACL {
            if !item.acl.isEmpty { try setfacl(item.path, item.acl) }
            if !item.defaultACL.isEmpty { try setfacl(item.path, item.defaultACL, default: true) }
        }
        // Directories last, so writing files into them was not blocked by their final mode.
        for item in files where item.isDirectory {
            try chmod(item.path, mode_t(item.mode))
        }
    }

    private func makeParents(of full: String) throws {
        let parent = (full as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: parent) {
            try FileManager.default.createDirectory(
                atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }
}

/// Runs a program and returns its output; throws on a non-zero exit.
public enum Shell {
    public struct Failure: Error, CustomStringConvertible {
        public var command: String
        public var status: Int32
        public var output: String
        public var description: String { "\(command) exited \(status): \(output)" }
    }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    @discardableResult
    public static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let result = try capture(executable, arguments)
        guard result.status == 0 else {
            throw Failure(
                command: ([executable] + arguments).joined(separator: " "), status: result.status, output: result.stderr + result.stdout)
        }
        return result.stdout
    }

    /// Runs and captures both streams and the exit status, with an optional environment and directory.
    public static func capture(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Facts about the machine tests run on, so tests that need them can say clearly why they skip.
public enum TestEnvironment {
    /// `setfacl` exists and the temp file system accepts an ACL.
    public static let aclSupported: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setfacl") else { return false }
        guard let tree = try? FixtureTree("acl-probe"), let file = try? tree.file("probe") else { return false }
        return (try? Shell.run("/usr/bin/setfacl", ["-m", "u:65534:r", file])) != nil
    }()

    /// Running as root, with `setpriv` and the `nobody` user available for unprivileged runs.
    public static let canDropPrivileges: Bool =
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") && getpwnam("nobody") != nil
}
