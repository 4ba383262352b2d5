-- goose-audit fleet store, schema version 1: runs, findings, notices and drift snapshots of many hosts.
-- Applied by `goose-audit fleet migrate` as a role that may create roles (CREATEROLE) and owns the schema.
-- Nothing secret is stored: evidence is the redacted text reports show, digests are 12-hex-digit prefixes.

CREATE SCHEMA IF NOT EXISTS fleet;

-- Roles are cluster-wide: a second database (or a concurrent migrator) finds them already there.
DO $$
BEGIN
    CREATE ROLE goose_audit_reporter NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
    CREATE ROLE goose_audit_auditor NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- One PostgreSQL login per machine, bound to that machine's host id (`goose-audit fleet whoami`).
CREATE TABLE fleet.reporter (
    login name PRIMARY KEY,
    host_id text NOT NULL
);

CREATE TABLE fleet.run (
    run_id uuid PRIMARY KEY,
    host_id text NOT NULL,
    host_name text NOT NULL,
    os text NOT NULL,
    user_name text NOT NULL,
    started_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    tool_version text NOT NULL,
    roots text[] NOT NULL,
    hardening_index integer NOT NULL CHECK (hardening_index BETWEEN 0 AND 100),
    max_risk integer NOT NULL CHECK (max_risk BETWEEN 0 AND 100),
    finding_count integer NOT NULL
);
CREATE INDEX run_host_time ON fleet.run (host_id, started_at);

CREATE TABLE fleet.finding (
    run_id uuid NOT NULL REFERENCES fleet.run ON DELETE CASCADE,
    fingerprint text NOT NULL,
    rule_id text NOT NULL,
    category text NOT NULL,
    severity text NOT NULL,
    risk integer NOT NULL,
    root text NOT NULL,
    path text NOT NULL,
    line integer,
    key_path text,
    evidence text NOT NULL,
    evidence_digest text NOT NULL CHECK (length(evidence_digest) <= 12),
    suppression text,
    PRIMARY KEY (run_id, fingerprint)
);

CREATE TABLE fleet.notice (
    run_id uuid NOT NULL REFERENCES fleet.run ON DELETE CASCADE,
    seq integer NOT NULL,
    kind text NOT NULL,
    path text NOT NULL,
    message text NOT NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE fleet.drift (
    run_id uuid NOT NULL REFERENCES fleet.run ON DELETE CASCADE,
    key text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (run_id, key)
);

-- The host id the connected login reports for (session_user: the login, whatever role it has set).
CREATE FUNCTION fleet.reporter_host() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
    AS $$ SELECT host_id FROM fleet.reporter WHERE login = session_user $$;

-- Whether a run belongs to the connected login's host (reveals nothing else about other runs).
CREATE FUNCTION fleet.reporter_owns_run(id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog
    AS $$ SELECT EXISTS (SELECT 1 FROM fleet.run r JOIN fleet.reporter p ON p.host_id = r.host_id
                         WHERE r.run_id = id AND p.login = session_user) $$;

REVOKE ALL ON FUNCTION fleet.reporter_host() FROM PUBLIC;
REVOKE ALL ON FUNCTION fleet.reporter_owns_run(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fleet.reporter_host() TO goose_audit_reporter;
GRANT EXECUTE ON FUNCTION fleet.reporter_owns_run(uuid) TO goose_audit_reporter;

ALTER TABLE fleet.reporter ENABLE ROW LEVEL SECURITY;
ALTER TABLE fleet.run ENABLE ROW LEVEL SECURITY;
ALTER TABLE fleet.finding ENABLE ROW LEVEL SECURITY;
ALTER TABLE fleet.notice ENABLE ROW LEVEL SECURITY;
ALTER TABLE fleet.drift ENABLE ROW LEVEL SECURITY;

-- Reporters insert rows of their own host only, and have no SELECT at all.
CREATE POLICY reporter_insert ON fleet.run FOR INSERT TO goose_audit_reporter WITH CHECK (host_id = fleet.reporter_host());
CREATE POLICY reporter_insert ON fleet.finding FOR INSERT TO goose_audit_reporter WITH CHECK (fleet.reporter_owns_run(run_id));
CREATE POLICY reporter_insert ON fleet.notice FOR INSERT TO goose_audit_reporter WITH CHECK (fleet.reporter_owns_run(run_id));
CREATE POLICY reporter_insert ON fleet.drift FOR INSERT TO goose_audit_reporter WITH CHECK (fleet.reporter_owns_run(run_id));

-- Auditors read everything and write nothing.
CREATE POLICY auditor_read ON fleet.reporter FOR SELECT TO goose_audit_auditor USING (true);
CREATE POLICY auditor_read ON fleet.run FOR SELECT TO goose_audit_auditor USING (true);
CREATE POLICY auditor_read ON fleet.finding FOR SELECT TO goose_audit_auditor USING (true);
CREATE POLICY auditor_read ON fleet.notice FOR SELECT TO goose_audit_auditor USING (true);
CREATE POLICY auditor_read ON fleet.drift FOR SELECT TO goose_audit_auditor USING (true);

GRANT USAGE ON SCHEMA fleet TO goose_audit_reporter, goose_audit_auditor;
GRANT INSERT ON fleet.run, fleet.finding, fleet.notice, fleet.drift TO goose_audit_reporter;
GRANT SELECT ON fleet.reporter, fleet.run, fleet.finding, fleet.notice, fleet.drift TO goose_audit_auditor;
