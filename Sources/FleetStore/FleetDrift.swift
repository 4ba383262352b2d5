import Foundation
import GooseAuditCore
import GooseAuditReports
import PostgresNIO

extension FleetConnection {
    /// What changed on each host between its last run before `since` and its latest run: extensions
    /// added, removed or changed, GOOSE_MODE and other recorded settings, new secrets, other new findings.
    /// Hosts first seen after `since` appear once as `new-host`.
    public func drift(since: Date) async throws -> [FleetDriftEvent] {
        try await using { connection in
            struct Pair { var host: String, name: String, latest: UUID, seen: Date, base: UUID? }
            var pairs: [Pair] = []
            let rows = try await connection.query(
                """
                SELECT l.host_id, l.host_name, l.run_id, l.started_at, b.run_id
                FROM fleet.host_latest l
                LEFT JOIN (SELECT DISTINCT ON (host_id) host_id, run_id FROM fleet.run WHERE started_at < \(since)
                           ORDER BY host_id, started_at DESC, run_id) b USING (host_id)
                WHERE l.started_at >= \(since)
                ORDER BY l.host_name, l.host_id
                """, logger: logger)
            for try await (host, name, latest, seen, base) in rows.decode((String, String, UUID, Date, UUID?).self) {
                pairs.append(Pair(host: host, name: name, latest: latest, seen: seen, base: base))
            }
            let runIDs = pairs.flatMap { [$0.latest] + ($0.base.map { [$0] } ?? []) }
            var snapshots: [UUID: [String: String]] = [:]
            let driftRows = try await connection.query(
                "SELECT run_id, key, value FROM fleet.drift WHERE run_id = ANY(\(runIDs)::uuid[])", logger: logger)
            for try await (run, key, value) in driftRows.decode((UUID, String, String).self) { snapshots[run, default: [:]][key] = value }

            var newFindings: [UUID: [(String, String, String)]] = [:]
            let compared = pairs.filter { $0.base != nil }
            let findingRows = try await connection.query(
                """
                SELECT p.latest, f.rule_id, f.category, f.root || '/' || f.path || COALESCE(' [' || f.key_path || ']', '')
                FROM unnest(\(compared.map(\.latest))::uuid[], \(compared.map { $0.base! })::uuid[]) AS p(latest, base)
                JOIN fleet.finding f ON f.run_id = p.latest AND f.suppression IS NULL
                WHERE NOT EXISTS (SELECT 1 FROM fleet.finding g WHERE g.run_id = p.base AND g.fingerprint = f.fingerprint)
                ORDER BY f.risk DESC, f.rule_id, 4
                """, logger: logger)
            for try await (run, rule, category, place) in findingRows.decode((UUID, String, String, String).self) {
                newFindings[run, default: []].append((rule, category, place))
            }

            var events: [FleetDriftEvent] = []
            for pair in pairs {
                func add(_ kind: FleetDriftEvent.Kind, _ subject: String, _ detail: String) {
                    events.append(
                        FleetDriftEvent(
                            hostID: pair.host, hostName: pair.name, kind: kind, subject: subject, detail: detail, seenAt: pair.seen))
                }
                guard let base = pair.base else {
                    add(.newHost, pair.name, "first run within the window")
                    continue
                }
                for change in Self.snapshotChanges(from: snapshots[base] ?? [:], to: snapshots[pair.latest] ?? [:]) {
                    add(change.kind, change.subject, change.detail)
                }
                for (rule, category, place) in newFindings[pair.latest] ?? [] {
                    let secret = category == Category.secrets.rawValue || category == Category.cachedSecrets.rawValue
                    add(secret ? .newSecret : .newFinding, rule, place)
                }
            }
            return events
        }
    }

    /// Differences between two drift snapshots (keys `extension:<where>:<name>`, `mode:<where>`, others).
    static func snapshotChanges(from old: [String: String], to new: [String: String]) -> [(
        kind: FleetDriftEvent.Kind, subject: String, detail: String
    )] {
        var out: [(FleetDriftEvent.Kind, String, String)] = []
        for key in Set(old.keys).union(new.keys).sorted() where old[key] != new[key] {
            let family = key.prefix { $0 != ":" }
            let subject = String(key.dropFirst(family.count + 1))
            switch family {
            case "extension":
                let kind: FleetDriftEvent.Kind =
                    old[key] == nil ? .extensionAdded : (new[key] == nil ? .extensionRemoved : .extensionChanged)
                out.append((kind, subject, kind == .extensionRemoved ? "removed" : "facts \(Digest.sha256Hex(new[key]!).prefix(12))"))
            case "mode":
                out.append((.modeChanged, subject, "\(old[key] ?? "(none)") → \(new[key] ?? "(none)")"))
            default:
                let what = old[key] == nil ? "appeared" : (new[key] == nil ? "removed" : "changed")
                out.append((.settingChanged, String(key), what))
            }
        }
        return out
    }
}
