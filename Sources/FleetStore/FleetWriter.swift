import Foundation
import GooseAuditCore
import PostgresNIO

extension FleetConnection {
    /// Stores a run in one transaction. Idempotent by run id: a run already stored is left as it is
    /// (every insert is `ON CONFLICT DO NOTHING`, without a conflict target, which would need SELECT), so a
    /// spooled run sent twice is stored once.
    /// Works for the reporter role, which may insert but not read.
    public func send(_ run: FleetRun) async throws {
        let run = run.namesRedacted  // once more: a spooled run may come from an older release
        try await using { connection in
            try await connection.withTransaction(logger: logger) { tx in
                let host = run.host
                let counted = run.findings.filter { $0.suppression == nil }.count
                try await tx.query(
                    """
                    INSERT INTO fleet.run (run_id, host_id, host_name, os, user_name, started_at, tool_version, roots,
                        hardening_index, max_risk, finding_count, goose_versions)
                    VALUES (\(run.runID), \(host.hostID), \(host.hostName), \(host.operatingSystem), \(host.user),
                        \(run.startedAt), \(run.toolVersion), \(run.roots), \(run.hardeningIndex), \(run.maxRisk),
                        \(counted), \(run.gooseVersions))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
                for chunk in stride(from: 0, to: run.findings.count, by: 5000) {
                    let part = Array(run.findings[chunk..<min(chunk + 5000, run.findings.count)])
                    try await tx.query(
                        """
                        INSERT INTO fleet.finding (run_id, fingerprint, rule_id, category, severity, risk, root, path, line,
                            key_path, evidence, evidence_digest, suppression)
                        SELECT \(run.runID), f, r, c, s, k, o, p, NULLIF(l, -1), NULLIF(y, ''), e, d, NULLIF(u, '')
                        FROM unnest(\(part.map(\.fingerprint))::text[], \(part.map(\.ruleID))::text[], \(part.map(\.category))::text[],
                            \(part.map(\.severity.name))::text[], \(part.map(\.risk))::int[], \(part.map(\.root))::text[],
                            \(part.map(\.path))::text[], \(part.map { $0.line ?? -1 })::int[], \(part.map { $0.keyPath ?? "" })::text[],
                            \(part.map(\.evidence))::text[], \(part.map { String($0.evidenceDigest.prefix(12)) })::text[],
                            \(part.map { $0.suppression ?? "" })::text[]) AS t(f, r, c, s, k, o, p, l, y, e, d, u)
                        ON CONFLICT DO NOTHING
                        """, logger: logger)
                }
                if !run.notices.isEmpty {
                    try await tx.query(
                        """
                        INSERT INTO fleet.notice (run_id, seq, kind, path, message)
                        SELECT \(run.runID), n::int, k, p, m
                        FROM unnest(\(run.notices.map(\.kind))::text[], \(run.notices.map(\.path))::text[],
                            \(run.notices.map(\.message))::text[]) WITH ORDINALITY AS t(k, p, m, n)
                        ON CONFLICT DO NOTHING
                        """, logger: logger)
                }
                if !run.drift.isEmpty {
                    let keys = run.drift.keys.sorted()
                    try await tx.query(
                        """
                        INSERT INTO fleet.drift (run_id, key, value)
                        SELECT \(run.runID), k, v FROM unnest(\(keys)::text[], \(keys.map { run.drift[$0]! })::text[]) AS t(k, v)
                        ON CONFLICT DO NOTHING
                        """, logger: logger)
                }
            }
        }
    }
}
