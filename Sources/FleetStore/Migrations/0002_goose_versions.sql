-- Schema version 2: the goose versions a run found, a per-rule index for `fleet findings`,
-- and the latest run of each host as a view (read with the caller's rights, so row-level security holds).

ALTER TABLE fleet.run ADD COLUMN goose_versions text[] NOT NULL DEFAULT '{}';

CREATE INDEX finding_rule ON fleet.finding (rule_id);

CREATE VIEW fleet.host_latest WITH (security_invoker = true) AS
    SELECT DISTINCT ON (host_id) host_id, run_id, host_name, os, user_name, started_at, tool_version,
           goose_versions, hardening_index, max_risk, finding_count
    FROM fleet.run
    ORDER BY host_id, started_at DESC, run_id;

GRANT SELECT ON fleet.host_latest TO goose_audit_auditor;
