import Foundation
import GooseAuditCore
import GooseAuditReports
import PostgresNIO

/// What the auditor role reads back: hosts, rules, trends and drift across the fleet.
extension FleetConnection {
    /// Every host as of its latest run, worst first (lowest hardening index, then highest risk).
    public func hosts(staleAfterDays: Int, now: Date = Date()) async throws -> [FleetHostSummary] {
        try await using { connection in
            let rows = try await connection.query(
                """
                SELECT l.host_id, l.host_name, l.os, l.user_name, l.started_at, c.runs, l.hardening_index, l.max_risk,
                       l.finding_count, l.goose_versions,
                       (SELECT f.rule_id FROM fleet.finding f WHERE f.run_id = l.run_id AND f.suppression IS NULL
                        ORDER BY f.risk DESC, f.rule_id LIMIT 1)
                FROM fleet.host_latest l
                JOIN (SELECT host_id, count(*)::int8 AS runs FROM fleet.run GROUP BY host_id) c USING (host_id)
                ORDER BY l.hardening_index, l.max_risk DESC, l.host_name, l.host_id
                """, logger: logger)
            let staleBefore = now.addingTimeInterval(-Double(staleAfterDays) * 86_400)
            var out: [FleetHostSummary] = []
            for try await (id, name, os, user, seen, runs, index, risk, open, versions, top) in rows.decode(
                (String, String, String, String, Date, Int, Int, Int, Int, [String], String?).self)
            {
                out.append(
                    FleetHostSummary(
                        hostID: id, hostName: name, operatingSystem: os, user: user, lastSeen: seen, runs: runs, hardeningIndex: index,
                        maxRisk: risk, openFindings: open, topRule: top, gooseVersions: versions, stale: seen < staleBefore))
            }
            return out
        }
    }

    /// Every rule ever reported: on how many hosts, first and last seen, on how many it is still open.
    public func rules() async throws -> [FleetRuleSummary] {
        try await using { connection in
            let rows = try await connection.query(
                """
                SELECT f.rule_id,
                       (ARRAY['info','low','medium','high','critical'])[max(array_position(ARRAY['info','low','medium','high','critical'], f.severity))],
                       count(DISTINCT r.host_id)::int8,
                       count(DISTINCT r.host_id) FILTER (WHERE l.run_id IS NOT NULL AND f.suppression IS NULL)::int8,
                       min(r.started_at), max(r.started_at)
                FROM fleet.finding f
                JOIN fleet.run r USING (run_id)
                LEFT JOIN fleet.host_latest l ON l.run_id = f.run_id
                GROUP BY f.rule_id
                ORDER BY 4 DESC, 3 DESC, f.rule_id
                """, logger: logger)
            var out: [FleetRuleSummary] = []
            for try await (rule, severity, hosts, open, first, last) in rows.decode((String, String?, Int, Int, Date, Date).self) {
                out.append(
                    FleetRuleSummary(
                        ruleID: rule, severity: severity ?? "info", hosts: hosts, openHosts: open, firstSeen: first, lastSeen: last))
            }
            return out
        }
    }

    /// Each host's runs, oldest first.
    public func trends() async throws -> [String: [FleetTrendPoint]] {
        try await using { connection in
            let rows = try await connection.query(
                "SELECT host_id, started_at, hardening_index, finding_count, max_risk FROM fleet.run ORDER BY host_id, started_at, run_id",
                logger: logger)
            var out: [String: [FleetTrendPoint]] = [:]
            for try await (host, time, index, findings, risk) in rows.decode((String, Date, Int, Int, Int).self) {
                out[host, default: []].append(FleetTrendPoint(time: time, hardeningIndex: index, findings: findings, maxRisk: risk))
            }
            return out
        }
    }

    /// Runs a whole dashboard's queries.
    public func dashboard(staleAfterDays: Int, driftSince: Date, now: Date = Date()) async throws -> FleetDashboard {
        FleetDashboard(
            generatedAt: now, staleAfterDays: staleAfterDays, hosts: try await hosts(staleAfterDays: staleAfterDays, now: now),
            rules: try await rules(), driftSince: driftSince, drift: try await drift(since: driftSince),
            trends: try await trends())
    }
}
