import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the fleet store is and how to reach it, resolved libpq-style: a `postgres://` URL (from
/// `--store` or `GOOSE_AUDIT_STORE`), then the `PG*` variables for whatever the URL leaves out, then
/// `~/.pgpass` (or `PGPASSFILE`) for the password. Never printed with its password (`redacted`).
public struct StoreAddress: Sendable, Hashable {
    /// How the connection is protected.
    public enum Transport: Sendable, Hashable {
        /// Plain TCP: only ever for a loopback address or a unix socket.
        case plain
        /// TLS with full certificate and host-name verification (system trust roots, or `sslrootcert`).
        case verifiedTLS(rootCertificate: String?)
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// Set when `host` is a directory: the server's unix socket `<dir>/.s.PGSQL.<port>`.
    public var socketPath: String?
    public var transport: Transport

    /// The address without its password, for messages.
    public var redacted: String {
        let place = socketPath ?? "\(host):\(port)"
        return "postgres://\(user)@\(place)/\(database)"
    }

    /// Whether `host` is a loopback address or a unix socket (the only places plain connections go):
    /// a socket directory, `localhost` exactly, an IPv4 literal in 127.0.0.0/8 or the IPv6 literal ::1.
    /// A name is never trusted by its spelling (`127.0.0.1.nip.io` resolves wherever its owner likes).
    public static func isLoopback(_ host: String) -> Bool {
        if host.hasPrefix("/") || host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        let literal = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, literal, &v6) == 1 else { return false }
        return withUnsafeBytes(of: &v6) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
    }

    /// Resolves the address from `url` (may be nil: the `PG*` variables alone then say where).
    public static func resolve(url: String?, environment env: [String: String]) throws -> StoreAddress {
        var parts: [String: String] = [:]
        if let url {
            parts = try parse(url)
        }
        func value(_ key: String, _ variable: String) -> String? {
            if let v = parts[key], !v.isEmpty { return v }
            if let v = env[variable], !v.isEmpty { return v }
            return nil
        }
        let host = value("host", "PGHOST") ?? "localhost"
        let portText = value("port", "PGPORT") ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw StoreError.badAddress("port \(portText) is not a TCP port")
        }
        let user = value("user", "PGUSER") ?? env["USER"] ?? "postgres"
        let database = value("dbname", "PGDATABASE") ?? user
        var password = parts["password"] ?? env["PGPASSWORD"]
        if password == nil {
            let file = env["PGPASSFILE"] ?? env["HOME"].map { $0 + "/.pgpass" }
            if let file { password = PassFile.lookup(file, host: host, port: port, database: database, user: user) }
        }
        let mode = value("sslmode", "PGSSLMODE") ?? "prefer"
        let rootCertificate = value("sslrootcert", "PGSSLROOTCERT")
        let loopback = isLoopback(host)
        let transport: Transport
        switch mode {
        case "disable", "allow", "prefer":
            guard loopback else {
                if mode == "disable" {
                    throw StoreError.badAddress(
                        "sslmode=disable is refused for \(host): a non-loopback server is reached over verified TLS only")
                }
                transport = .verifiedTLS(rootCertificate: rootCertificate)
                break
            }
            transport = .plain
        case "require", "verify-ca", "verify-full":
            // `require` alone would skip verification; goose-audit always verifies.
            transport = host.hasPrefix("/") ? .plain : .verifiedTLS(rootCertificate: rootCertificate)
        default:
            throw StoreError.badAddress("sslmode=\(mode) is not one of disable, allow, prefer, require, verify-ca, verify-full")
        }
        let socketPath = host.hasPrefix("/") ? "\(host)/.s.PGSQL.\(port)" : nil
        return StoreAddress(
            host: host, port: port, user: user, password: password, database: database, socketPath: socketPath, transport: transport)
    }

    /// `postgres://user:password@host:port/dbname?sslmode=…&host=/socket/dir` into its parts (percent-decoded).
    static func parse(_ url: String) throws -> [String: String] {
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw StoreError.badAddress("the store must be a postgres:// URL")
        }
        guard let components = URLComponents(string: url) else { throw StoreError.badAddress("the store URL cannot be parsed") }
        var parts: [String: String] = [:]
        parts["user"] = components.percentEncodedUser?.removingPercentEncoding
        parts["password"] = components.percentEncodedPassword?.removingPercentEncoding
        if let host = components.host, !host.isEmpty { parts["host"] = host }
        if let port = components.port { parts["port"] = String(port) }
        let path = components.path.drop { $0 == "/" }
        if !path.isEmpty { parts["dbname"] = String(path) }
        for item in components.queryItems ?? [] {
            guard let value = item.value else { continue }
            switch item.name {
            case "sslmode", "sslrootcert", "host", "port", "user", "dbname": parts[item.name] = value
            case "password": throw StoreError.badAddress("put the password in ~/.pgpass or PGPASSWORD, not in the URL's query")
            default: throw StoreError.badAddress("unknown store URL parameter \(item.name)")
            }
        }
        return parts
    }
}

/// libpq's password file: `host:port:database:user:password`, `*` matches anything, `\:` and `\\` escape.
/// Ignored unless it is a regular file without group or other access (as libpq does).
enum PassFile {
    static func lookup(_ path: String, host: String, port: Int, database: String, user: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o077 == 0,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        let hostKey = host.hasPrefix("/") ? "localhost" : host
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let wanted = [hostKey, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    static func split(_ line: Substring) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for ch in line {
            if escaped {
                current.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        fields.append(current)
        return fields
    }
}

/// Why the fleet store could not be used.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case badAddress(String)
    case unreachable(String)
    case refused(String)
    case schema(String)

    public var description: String {
        switch self {
        case .badAddress(let why): "fleet store: \(why)"
        case .unreachable(let why): "fleet store unreachable: \(why)"
        case .refused(let why): "fleet store refused: \(why)"
        case .schema(let why): "fleet store schema: \(why)"
        }
    }
}
