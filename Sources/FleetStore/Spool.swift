import Foundation
import GooseAuditCore

/// Runs waiting for the fleet store: `<state dir>/fleet-spool/<run id>.json`, the directory 0700 and
/// each file 0600, written whole (temporary file, then rename) and never through a symlink.
public struct Spool: Sendable {
    public let directory: String

    public init(stateDirectory: String) {
        directory = stateDirectory + "/fleet-spool"
    }

    /// Writes `run` to the spool; returns its file.
    @discardableResult
    public func add(_ run: FleetRun) throws -> String {
        try StateDirectory.ensure(directory)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(run)
        let final = "\(directory)/\(run.runID.uuidString.lowercased()).json"
        let temporary = "\(directory)/.\(run.runID.uuidString.lowercased()).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError(errno: errno, path: temporary) }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == data.count, fsync(fd) == 0 else {
            unlink(temporary)
            throw SystemError(errno: errno, path: temporary)
        }
        guard rename(temporary, final) == 0 else {
            unlink(temporary)
            throw SystemError(errno: errno, path: final)
        }
        return final
    }

    /// Spooled files, oldest run first (regular files only; anything else is left alone).
    public func pending() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let files = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { "\(directory)/\($0)" }
            .filter { if case .success(let m) = FileMetadata.lstat($0) { m.type == .regular } else { false } }
        // Modification time orders them as they were spooled, without reading each file.
        return files.map { ($0, modified($0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    /// Reads a spooled run.
    public func read(_ path: String) throws -> FleetRun {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw SystemError(errno: errno, path: path) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let data = try handle.readToEnd() ?? Data()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(FleetRun.self, from: data)
    }

    public func remove(_ path: String) {
        unlink(path)
    }

    private func modified(_ path: String) -> Double {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}

/// What became of a run and of the spool when a scan handed its run to the fleet store.
public struct DeliveryOutcome: Sendable {
    /// Runs stored on the server (spooled ones first, then this one).
    public var sent: [UUID] = []
    /// Runs left in (or added to) the spool, with their files.
    public var spooled: [(run: UUID, file: String)] = []
    /// What a person should know: each line names a file or a run and why.
    public var notices: [String] = []

    public init() {}
}

public enum FleetDelivery {
    /// Sends the spool's runs, then `run` (nil: only the spool). When the server cannot be reached the
    /// run goes to the spool; when it refuses, the spooled file stays for the operator and a notice says why.
    public static func deliver(_ run: FleetRun?, to address: StoreAddress, spool: Spool, timeout: Int64 = 10) async -> DeliveryOutcome {
        var outcome = DeliveryOutcome()
        var connection: FleetConnection?
        var unreachable: StoreError?
        do {
            connection = try await FleetConnection.connect(address, timeout: timeout)
        } catch {
            unreachable = error as? StoreError ?? .unreachable("\(error)")
        }
        for file in spool.pending() {
            guard let connection, unreachable == nil else { break }
            let spooled: FleetRun
            do {
                spooled = try spool.read(file)
            } catch {
                outcome.notices.append("\(file): cannot read this spooled run (\(error)); it stays in the spool")
                continue
            }
            do {
                try await connection.send(spooled)
                spool.remove(file)
                outcome.sent.append(spooled.runID)
            } catch let error as StoreError {
                if case .unreachable = error {
                    unreachable = error
                } else {
                    outcome.notices.append("\(file): the fleet store refused this spooled run (\(error)); it stays in the spool")
                }
            } catch {
                outcome.notices.append("\(file): \(error); it stays in the spool")
            }
        }
        if let run {
            if let connection, unreachable == nil {
                do {
                    try await connection.send(run)
                    outcome.sent.append(run.runID)
                } catch let error as StoreError {
                    if case .unreachable = error {
                        unreachable = error
                    } else {
                        spoolRun(run, because: "\(error)", into: spool, &outcome)
                    }
                } catch {
                    spoolRun(run, because: "\(error)", into: spool, &outcome)
                }
            }
            if let unreachable { spoolRun(run, because: "\(unreachable)", into: spool, &outcome) }
        }
        await connection?.close()
        return outcome
    }

    public static func spoolRun(_ run: FleetRun, because reason: String, into spool: Spool, _ outcome: inout DeliveryOutcome) {
        do {
            let file = try spool.add(run)
            outcome.spooled.append((run.runID, file))
            let waiting = spool.pending().count
            outcome.notices.append(
                "spooled run \(run.runID.uuidString.lowercased()) to \(file) (\(reason)); \(waiting) run\(waiting == 1 ? "" : "s") will be sent on the next run"
            )
        } catch {
            outcome.notices.append(
                "run \(run.runID.uuidString.lowercased()) was not stored and could not be spooled (\(reason); spool: \(error))")
        }
    }
}
