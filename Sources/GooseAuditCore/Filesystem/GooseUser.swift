#if canImport(Glibc)
    import Glibc
#endif

/// The user goose runs as, when a scan names one (`--goose-user NAME|UID`, `goose_user:` in
/// `.goose-audit.yaml`) instead of taking the owner of the home.
public enum GooseUser {
    /// The uid `spec` names: a decimal uid (which needs no entry in the user database), or a user name
    /// looked up with `getpwnam_r`. Nil for an unknown name, an empty or malformed value, or `-1`.
    public static func uid(_ spec: String) -> UInt32? {
        guard !spec.isEmpty else { return nil }
        if spec.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let number = UInt32(spec), number != UInt32.max else { return nil }
            return number
        }
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwnam_r(spec, &pwd, &buffer, buffer.count, &result) == 0, let entry = result else { return nil }
        return entry.pointee.pw_uid
    }
}
