import GooseAuditCore

/// Path helpers for evidence text.
enum PathText {
    /// The directory part of an absolute path (`/a/b` → `/a`, `/a` → `/`).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` relative to `root` when inside it (so evidence and fingerprints stay machine-independent),
    /// else the absolute path.
    static func display(_ path: String, root: String) -> String {
        if path == root { return "." }
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// How findings name a directory of `root`'s tree: the root by its label, others relative to it.
    static func name(_ directory: String, in root: ScanRoot) -> String {
        directory == root.path ? root.label : display(directory, root: root.path)
    }
}
