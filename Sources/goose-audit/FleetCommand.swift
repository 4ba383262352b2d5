import ArgumentParser
import FleetStore
import Foundation
import GooseAuditCore
import GooseAuditReports

struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Read many machines' runs from a PostgreSQL fleet store (see docs/fleet.md).",
        subcommands: [Migrate.self, Hosts.self, Findings.self, Drift.self, Report.self, Flush.self, WhoAmI.self])

    /// Runs `body` against the store, turning store errors into a message and exit 2.
    static func withStore<T: Sendable>(_ options: FleetStoreOptions, _ body: @escaping @Sendable (FleetConnection) async throws -> T) throws
        -> T
    {
        let address = try options.fleetAddress(GooseEnvironment.process)
        do {
            return try blocking { try await FleetConnection.with(address, body) }
        } catch {
            printError("goose-audit: \(error)")
            throw Exit.incomplete
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or upgrade the fleet store's schema and roles (as an administrator).")
        @OptionGroup var store: FleetStoreOptions
        @Option(name: .long, help: "Stop at this schema version (default: the latest).") var to: Int?

        func run() throws {
            let target = to ?? Migrations.latest
            let applied = try FleetCommand.withStore(store) { try await $0.migrate(to: target) }
            print(
                applied.isEmpty
                    ? "fleet store is at schema version \(target); nothing to apply"
                    : "applied migrations \(applied.map(String.init).joined(separator: ", ")); schema version \(target)")
        }
    }

    struct Hosts: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hosts ranked worst first: hardening index, top risk, last seen, stale hosts.")
        @OptionGroup var store: FleetStoreOptions
        @Option(name: .long, help: "A host with no run for this long is stale (e.g. 7d, 36h).") var staleAfter: Window = Window(
            seconds: 7 * 86_400)
        @Flag(name: .long, help: "JSON instead of a table.") var json = false

        func run() throws {
            let days = max(1, Int(staleAfter.seconds / 86_400))
            let hosts = try FleetCommand.withStore(store) { try await $0.hosts(staleAfterDays: days) }
            if json {
                print(
                    try FleetRender.json(
                        FleetDashboard(
                            generatedAt: Date(), staleAfterDays: days, hosts: hosts, rules: [], driftSince: Date(), drift: [], trends: [:])),
                    terminator: "")
            } else {
                print(FleetRender.hostsText(hosts, staleAfterDays: days), terminator: "")
            }
        }
    }

    struct Findings: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Findings by rule: on how many hosts, first and last seen, still open.")
        @OptionGroup var store: FleetStoreOptions

        func run() throws {
            let rules = try FleetCommand.withStore(store) { try await $0.rules() }
            print(FleetRender.rulesText(rules), terminator: "")
        }
    }

    struct Drift: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed across the fleet: new extensions, mode changes, new secrets.")
        @OptionGroup var store: FleetStoreOptions
        @Option(name: .long, help: "The window: 7d, 36h, 2w, or an ISO 8601 date.") var since: Window = Window(seconds: 7 * 86_400)

        func run() throws {
            let start = since.start()
            let events = try FleetCommand.withStore(store) { try await $0.drift(since: start) }
            print(FleetRender.driftText(events, since: start), terminator: "")
        }
    }

    enum Format: String, ExpressibleByArgument, CaseIterable { case html, markdown, json }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A self-contained fleet dashboard with per-host trends.")
        @OptionGroup var store: FleetStoreOptions
        @Option(name: .long, help: "html, markdown or json.") var format: Format = .html
        @Option(name: [.short, .long], help: "Write here instead of standard output.") var output: String?
        @Option(name: .long, help: "Drift window (7d, 36h, 2w, or a date).") var since: Window = Window(seconds: 7 * 86_400)
        @Option(name: .long, help: "A host with no run for this long is stale.") var staleAfter: Window = Window(seconds: 7 * 86_400)

        func run() throws {
            let start = since.start(), days = max(1, Int(staleAfter.seconds / 86_400))
            let dashboard = try FleetCommand.withStore(store) { try await $0.dashboard(staleAfterDays: days, driftSince: start) }
            let text: String
            switch format {
            case .html: text = FleetHTMLRenderer().render(dashboard)
            case .markdown: text = FleetRender.markdown(dashboard)
            case .json: text = try FleetRender.json(dashboard)
            }
            guard let output else { return print(text, terminator: "") }
            do {
                try SafeFileWriter.write(
                    Data(text.utf8), to: Fingerprint.lexicallyAbsolute(output, from: FileManager.default.currentDirectoryPath))
            } catch {
                printError("goose-audit: cannot write \(output): \(error)")
                throw Exit.incomplete
            }
        }
    }

    struct Flush: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send the runs waiting in the spool now (scans do this on their own).")
        @OptionGroup var store: FleetStoreOptions
        @OptionGroup var state: StateOptions

        func run() throws {
            let env = GooseEnvironment.process
            let address = try store.fleetAddress(env)
            let spool = Spool(stateDirectory: try state.directory(env))
            let outcome = try blocking { await FleetDelivery.deliver(nil, to: address, spool: spool) }
            FleetHook.announce(outcome)
            let left = spool.pending().count
            print("\(outcome.sent.count) sent, \(left) waiting in \(spool.directory)")
            if left > 0 { throw Exit.incomplete }
        }
    }

    struct WhoAmI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whoami", abstract: "This machine's host id, to bind a reporter login to it (docs/fleet.md).")

        func run() throws {
            let host = HostIdentity.current()
            print(
                "host id:   \(host.hostID)\nhost name: \(FleetRender.plain(host.hostName))\nos:        \(host.operatingSystem)\nuser:      \(FleetRender.plain(host.user))"
            )
        }
    }
}

/// A time window on the command line: `7d`, `36h`, `2w`, `90m`, `30s`, or an ISO 8601 date or time.
struct Window: ExpressibleByArgument, Sendable {
    var seconds: Double
    var absolute: Date?

    init(seconds: Double) { self.seconds = seconds }

    init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        if let unit = argument.last.flatMap({ units[$0] }), let count = Double(argument.dropLast()), count >= 0 {
            seconds = count * unit
            return
        }
        let formatter = ISO8601DateFormatter()
        let date =
            formatter.date(from: argument)
            ?? {
                formatter.formatOptions = [.withFullDate]; return formatter.date(from: argument)
            }()
        guard let date else { return nil }
        absolute = date
        seconds = max(0, Date().timeIntervalSince(date))
    }

    func start(now: Date = Date()) -> Date { absolute ?? now.addingTimeInterval(-seconds) }
}
