import GooseAuditCore

/// A session database opened once per scan and shared by the checks that query it through
/// `SessionFiles.read` (the rows searched for credentials, the stored session modes): its files are
/// checked, then SQLite opens it by name.
enum SharedSessionDatabase {
    enum Opened: Sendable {
        /// A file is not what discovery saw, or not a plain regular file: SQLite stays away.
        case refused(Notice)
        /// SQLite could not read it (the reason, for each check's notice).
        case unreadable(String)
        case database(SessionDatabase, SessionFiles)
    }

    /// The database of `target`, opened on first use and kept until the scan ends.
    static func open(_ target: CheckTarget) -> Opened {
        target.keep("cached-secrets:sqlite") {
            let path = target.artifact.path
            switch SessionFiles.check(database: path, expected: target.artifact.metadata) {
            case .failure(let notice): return .refused(notice)
            case .success(let files):
                ReadLedger.record(path, by: .sqlite)
                do {
                    return .database(try SessionDatabase(path: path), files)
                } catch {
                    return .unreadable("\(error)")
                }
            }
        }
    }
}
