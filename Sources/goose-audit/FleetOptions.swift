import ArgumentParser
import FleetStore
import Foundation
import GooseAuditCore
import GooseAuditReports

/// `--store postgres://…`: the fleet store a finished run is sent to (also GOOSE_AUDIT_STORE; the
/// PG* variables and ~/.pgpass fill in what the URL leaves out).
struct FleetStoreOptions: ParsableArguments {
    @Option(name: .long, help: "Send the finished run to this fleet store (postgres://user@host/db; also GOOSE_AUDIT_STORE).")
    var store: String?

    /// The store's address for `scan`: only when --store or GOOSE_AUDIT_STORE names one.
    func scanAddress(_ env: GooseEnvironment) throws -> StoreAddress? {
        guard let url = store ?? env["GOOSE_AUDIT_STORE"] else { return nil }
        return try resolve(url, env)
    }

    /// Whether --store or GOOSE_AUDIT_STORE names a store for `scan`.
    func names(_ env: GooseEnvironment) -> Bool { store != nil || env["GOOSE_AUDIT_STORE"] != nil }

    /// The store's address for `fleet` commands: --store, GOOSE_AUDIT_STORE, or the PG* variables alone.
    func fleetAddress(_ env: GooseEnvironment) throws -> StoreAddress {
        try resolve(store ?? env["GOOSE_AUDIT_STORE"], env)
    }

    private func resolve(_ url: String?, _ env: GooseEnvironment) throws -> StoreAddress {
        do {
            return try StoreAddress.resolve(url: url, environment: env.variables)
        } catch {
            printError("goose-audit: \(error)")
            throw Exit.usage
        }
    }
}

/// Hands a finished scan to the fleet store; never changes the scan's exit code.
enum FleetHook {
    static func deliver(
        _ options: FleetStoreOptions, state: StateOptions, result: ScanResult, report: Report, env: GooseEnvironment
    ) throws {
        guard let address = try options.scanAddress(env) else { return }
        let index = Checklist(outcomes: result.outcomes, descriptors: result.descriptors).hardeningIndex
        let run = FleetRun(
            report: report, host: report.host, hardeningIndex: index, drift: result.drift.stored,
            gooseVersions: result.gooseVersions, startedAt: report.time)
        let spool = Spool(stateDirectory: try state.directory(env))
        // A server that stops answering mid-send (not even closing the connection) cannot hold the scan:
        // after the deadline the run is spooled; a send that did finish meanwhile is deduplicated by run id.
        let deadline = Double(env["GOOSE_AUDIT_STORE_TIMEOUT"] ?? "") ?? 60
        if let outcome = try blocking(timeout: deadline, { await FleetDelivery.deliver(run, to: address, spool: spool) }) {
            announce(outcome)
        } else {
            var outcome = DeliveryOutcome()
            FleetDelivery.spoolRun(run, because: "the fleet store did not answer within \(Int(deadline)) s", into: spool, &outcome)
            announce(outcome)
        }
    }

    static func announce(_ outcome: DeliveryOutcome) {
        for notice in outcome.notices { printError("notice: fleet-store: \(notice)") }
        if !outcome.sent.isEmpty {
            printError("fleet store: \(outcome.sent.count) run\(outcome.sent.count == 1 ? "" : "s") stored")
        }
    }
}
