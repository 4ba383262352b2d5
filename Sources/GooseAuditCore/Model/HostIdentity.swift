import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Which machine and user a run describes: reports carry it in their header so that the reports of fifty
/// laptops can be told apart, and the fleet store keys runs by `hostID`.
public struct HostIdentity: Sendable, Hashable, Codable {
    /// A stable, non-reversible id of the machine: a SHA-256 of `/etc/machine-id` (or, where that file is
    /// missing, of the host name) under a fixed goose-audit label, so the raw machine id is never shown.
    public var hostID: String
    public var hostName: String
    /// `Linux 6.1.0 x86_64`, from `uname`.
    public var operatingSystem: String
    /// The name of the user the scan runs as (from the password database, else `uid N`).
    public var user: String
    public var uid: UInt32

    public init(hostID: String, hostName: String, operatingSystem: String, user: String, uid: UInt32) {
        self.hostID = hostID
        self.hostName = hostName
        self.operatingSystem = operatingSystem
        self.user = user
        self.uid = uid
    }

    /// The identity of this machine and the calling user. `machineIDPath` is a seam for tests.
    public static func current(machineIDPath: String = "/etc/machine-id") -> HostIdentity {
        let hostName = ProcessInfo.processInfo.hostName
        let machineID = (try? String(contentsOfFile: machineIDPath, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let material = (machineID?.isEmpty == false ? machineID! : "hostname:" + hostName)
        let uid = getuid()
        return HostIdentity(
            hostID: String(Digest.sha256Hex("goose-audit host id\u{1F}" + material).prefix(32)),
            hostName: hostName, operatingSystem: Self.operatingSystem(), user: Self.userName(uid: uid), uid: uid)
    }

    static func operatingSystem() -> String {
        var info = utsname()
        guard uname(&info) == 0 else { return "unknown" }
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        return [field(info.sysname), field(info.release), field(info.machine)].joined(separator: " ")
    }

    static func userName(uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return String(cString: name)
    }
}
