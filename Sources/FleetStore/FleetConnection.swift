import Foundation
import GooseAuditCore
import PostgresNIO

/// The driver's log: only critical events (goose-audit reports failures itself, without addresses' secrets).
let logger: Logger = {
    var logger = Logger(label: "goose-audit.fleet")
    logger.logLevel = .critical
    return logger
}()

/// One connection to the fleet store. Errors come out as `StoreError` with the server's message
/// (never the address's password).
public final class FleetConnection: Sendable {
    public let address: StoreAddress
    let connection: PostgresConnection

    private init(address: StoreAddress, connection: PostgresConnection) {
        self.address = address
        self.connection = connection
    }

    /// Connects (within `timeout` seconds), over verified TLS unless the server is on loopback or a socket.
    public static func connect(_ address: StoreAddress, timeout: Int64 = 10) async throws -> FleetConnection {
        var configuration: PostgresConnection.Configuration
        if let socket = address.socketPath {
            configuration = .init(unixSocketPath: socket, username: address.user, password: address.password, database: address.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch address.transport {
            case .plain:
                tls = .disable
            case .verifiedTLS(let root):
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.certificateVerification = .fullVerification
                if let root { settings.trustRoots = .file(root) }
                do {
                    tls = .require(try NIOSSLContext(configuration: settings))
                } catch {
                    throw StoreError.badAddress("TLS setup failed: \(error)")
                }
            }
            configuration = .init(
                host: address.host, port: address.port, username: address.user, password: address.password,
                database: address.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(timeout)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return FleetConnection(address: address, connection: connection)
        } catch {
            throw Self.translate(error, address: address, connecting: true)
        }
    }

    /// Connects, runs `body`, and closes the connection whatever happens.
    public static func with<T: Sendable>(_ address: StoreAddress, _ body: (FleetConnection) async throws -> T) async throws -> T {
        let connection = try await connect(address)
        do {
            let value = try await body(connection)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Closes the connection.
    public func close() async {
        try? await connection.close()
    }

    /// Runs `body` on the connection, turning driver errors into `StoreError`.
    func using<T: Sendable>(_ body: (PostgresConnection) async throws -> sending T) async throws -> T {
        do {
            return try await body(connection)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.translate(error, address: address, connecting: false)
        }
    }

    /// The server's own message where there is one; otherwise the kind of failure. `unreachable` means
    /// the run may be spooled and sent later; `refused` means the server said no (do not retry blindly).
    static func translate(_ error: any Error, address: StoreAddress, connecting: Bool) -> StoreError {
        if let error = error as? PostgresTransactionError {
            if let inner = error.beginError ?? error.closureError ?? error.commitError {
                return translate(inner, address: address, connecting: connecting)
            }
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState] ?? "?"
                // 08xxx connection exceptions and 57P0x shutdowns: worth retrying later.
                if state.hasPrefix("08") || state.hasPrefix("57P") { return .unreachable("\(address.redacted): \(message)") }
                return .refused("\(message) (SQLSTATE \(state))")
            }
            switch error.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
                return .unreachable("\(address.redacted): \(error.code)")
            default:
                return connecting ? .unreachable("\(address.redacted): \(error.code)") : .refused("\(error.code)")
            }
        }
        return connecting ? .unreachable("\(address.redacted): \(error)") : .refused("\(error)")
    }
}

/// Runs async work from synchronous command code and waits for it.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    try blocking(timeout: nil, body)!
}

/// Runs async work from synchronous command code and waits at most `timeout` seconds: nil when it did
/// not finish by then (the work is abandoned; a driver that never answers cannot hold the caller).
public func blocking<T: Sendable>(timeout: Double?, _ body: @escaping @Sendable () async throws -> T) throws -> T? {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        box.set(result)
        done.signal()
    }
    if let timeout {
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
    } else {
        done.wait()
    }
    return try box.get()!.get()
}

final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    func get() -> Result<T, any Error>? { lock.withLock { result } }
}
