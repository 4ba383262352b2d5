#if canImport(Glibc)
    import Glibc
#endif

extension ScanRoot {
    /// goose's own directory when it is a symlink (dotfile managers: stow, chezmoi's symlink mode,
    /// home-manager): goose follows the link, so the audit does too. The link is resolved once
    /// (`realpath`: every link on the way, loops refused by the kernel) and, when it leads to a
    /// directory, the root becomes the target, walked with its own entries' modes and owners and
    /// judged by the directory checks as goose's directory; `linkedFrom` keeps the link for the notice.
    /// A link that cannot be followed (dangling, a loop, not a directory) stays a symlink root, which
    /// the walker reports. Paths given on the command line are never followed (they name the entry).
    public func followingLink() -> ScanRoot {
        guard role != .path, !isFile, linkedFrom == nil, case .success(let metadata) = FileMetadata.lstat(path), metadata.type == .symlink,
            let target = ExposureAnalyzer.realPath(of: path)
        else { return self }
        guard case .success(let real) = FileMetadata.lstat(target), real.type == .directory else { return self }
        var root = self
        root.path = target
        root.linkedFrom = path
        return root
    }

    /// The notice that says a goose directory was a symlink, and where it led.
    var linkNotice: Notice? {
        guard let linkedFrom else { return nil }
        return Notice(
            kind: .symlink, path: linkedFrom,
            message:
                "\(label) is a symlink to \(path): followed, as goose follows it; the target's files are audited with their own modes and owners"
        )
    }

    /// Why a goose directory that is a symlink could not be followed.
    static func unfollowedLinkNotice(_ root: ScanRoot, pointsTo target: String?) -> Notice {
        var reason = "it does not lead to a directory"
        if ExposureAnalyzer.realPath(of: root.path) == nil { reason = String(cString: strerror(errno)) }
        return Notice(
            kind: .symlink, path: root.path,
            message: "\(root.label) is a symlink to \(target ?? "?") that cannot be followed (\(reason)); nothing there was audited")
    }
}
