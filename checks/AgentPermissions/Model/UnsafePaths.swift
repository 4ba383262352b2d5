import GooseAuditCore
import StructuredText

/// What makes a directory or file path unsafe to take code from (search paths, scheduled sources).
enum UnsafePaths {
    static let sharedTemporary = ["/tmp", "/var/tmp", "/dev/shm", "/private/tmp"]

    static func weakness(_ entry: String) -> String? {
        if entry.isEmpty { return nil }
        if !entry.hasPrefix("/") && !entry.hasPrefix("~") && !entry.hasPrefix("$") {
            return "is relative, so it depends on the directory goose starts in"
        }
        if sharedTemporary.contains(where: { entry == $0 || entry.hasPrefix($0 + "/") }) { return "is under a shared temporary directory" }
        guard entry.hasPrefix("/") else { return nil }
        let analyzer = ExposureAnalyzer()
        guard let state = analyzer.state(of: entry) else { return nil }
        return analyzer.exposure(of: entry, state: state).isWritableByOthers ? "is writable by other users" : nil
    }
}
