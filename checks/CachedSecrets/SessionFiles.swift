import Foundation
import GooseAuditCore

/// What SQLite will open by name for one `sessions.db`: the database and whichever of its `-wal`,
/// `-shm` and `-journal` exist. SQLite opens them with a blocking `open(2)` and follows no
/// descriptor of ours, so each is first opened here non-blocking and checked on its descriptor to
/// be a regular file, and the same identities are checked again after SQLite is done: a FIFO in any
/// of the four places is never handed to SQLite, and a swap during the read is reported.
struct SessionFiles: Equatable {
    static let sidecarSuffixes = ["-wal", "-shm", "-journal"]

    /// Path → (device, inode) of every file present, the database first.
    var identities: [String: [UInt64]]

    /// Checks the database (against discovery's `expected` view) and its sidecars; a reason to
    /// stay away from SQLite when one is not a plain regular file.
    static func check(database path: String, expected: FileMetadata) -> Result<SessionFiles, Notice> {
        var identities: [String: [UInt64]] = [:]
        for (index, name) in ([path] + sidecarSuffixes.map { path + $0 }).enumerated() {
            let descriptor = open(name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
            if descriptor < 0 {
                let code = errno
                if code == ENOENT && index > 0 { continue }
                // An unopenable sidecar (a symlink: ELOOP, another user's: EACCES) is not for SQLite either.
                return .failure(Notice(kind: code == ELOOP ? .symlink : .unreadable, path: name, message: reason(code)))
            }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                return .failure(Notice(kind: .unreadable, path: name, message: reason(errno)))
            }
            let metadata = FileMetadata(status)
            guard metadata.type == .regular else {
                return .failure(
                    Notice(
                        kind: .specialFile, path: name,
                        message: "is a \(metadata.type.rawValue), not a regular file; the session database was not opened through SQLite"))
            }
            if index == 0, metadata.inode != expected.inode || metadata.device != expected.device {
                return .failure(
                    Notice(kind: .changed, path: name, message: "changed since discovery (replaced or now a symlink); not opened"))
            }
            identities[name] = [metadata.device, metadata.inode]
        }
        return .success(SessionFiles(identities: identities))
    }

    /// The same files, read again by name (no open: `lstat` never blocks), for the after-check.
    func unchanged(database path: String) -> Bool {
        var now: [String: [UInt64]] = [:]
        for name in [path] + Self.sidecarSuffixes.map({ path + $0 }) {
            guard case .success(let metadata) = FileMetadata.lstat(name) else { continue }
            guard metadata.type == .regular else { return false }
            now[name] = [metadata.device, metadata.inode]
        }
        // SQLite may create nothing (read-only), but goose may checkpoint a WAL away meanwhile.
        return now.allSatisfy { identities[$0.key] == nil || identities[$0.key] == $0.value }
            && identities.allSatisfy { now[$0.key] == nil || now[$0.key] == $0.value }
    }

    /// Reads the database of `target` through SQLite with `body`, guarded on both sides: the database
    /// and its sidecars must be the regular files discovery saw before SQLite opens them by name, and
    /// the same files afterwards. Every problem becomes a notice on `target` ending in `skipped`
    /// (what the caller leaves out: "session modes not checked"), and the result is then nil.
    /// SQLite opens the database once per scan for every caller (`SharedSessionDatabase`).
    static func read<T>(
        _ target: CheckTarget, skipped: (unreadable: String, replaced: String), _ body: (SessionDatabase) throws -> T
    ) -> T? {
        let path = target.artifact.path
        let unreadable = { (error: String) in
            target.report(
                Notice(kind: .unreadable, path: path, message: "cannot be read as an SQLite database (\(error)); \(skipped.unreadable)"))
        }
        let files: SessionFiles
        let database: SessionDatabase
        switch SharedSessionDatabase.open(target) {
        case .refused(let notice):
            target.report(notice)
            return nil
        case .unreadable(let error):
            unreadable(error)
            return nil
        case .database(let opened, let checked): (database, files) = (opened, checked)
        }
        let result: T
        do {
            result = try body(database)
        } catch {
            unreadable("\(error)")
            return nil
        }
        guard files.unchanged(database: path) else {
            target.report(
                Notice(kind: .changed, path: path, message: "it or a sidecar was replaced while SQLite read it; \(skipped.replaced)"))
            return nil
        }
        return result
    }

    private static func reason(_ code: Int32) -> String {
        code == ELOOP
            ? "is a symlink; the session database was not opened through SQLite" : "cannot be opened: \(String(cString: strerror(code)))"
    }
}
