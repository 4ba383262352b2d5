#!/usr/bin/env python3
"""Writes synthetic fleet runs as spool files (the FleetRun JSON goose-audit spools), split over
several state directories so that several `goose-audit fleet flush` processes can send them at once.
Usage: gen-fleet-spool.py OUT_DIR HOSTS RUNS FINDINGS SHARDS
Fake values only: evidence is redacted text, fingerprints are hashes of counters."""
import datetime, hashlib, json, os, sys, uuid

out, hosts, runs, findings, shards = sys.argv[1], *map(int, sys.argv[2:6])
rules = [("openai_api_key", "secrets", "high"), ("goose_mode_auto", "permissions", "high"), ("secrets_file_exposed", "filesystem", "medium"),
         ("extension_all_tools_exposed", "permissions", "medium"), ("goose_directory_exposed", "filesystem", "medium"), ("session_db_secret", "cached-secrets", "high"),
         ("workflow_untrusted_input", "workflow", "high"), ("prompt_injection_guard_off", "permissions", "low"), ("extension_added", "drift", "low")]
start = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
for shard in range(shards):
    os.makedirs(f"{out}/state-{shard}/fleet-spool", mode=0o700, exist_ok=True)
for h in range(hosts):
    host_id = hashlib.sha256(f"host{h}".encode()).hexdigest()[:32]
    host = {"hostID": host_id, "hostName": f"dev-{h:04d}", "operatingSystem": "Linux 6.1.0 x86_64", "user": f"dev{h}", "uid": 1000}
    spool = f"{out}/state-{h % shards}/fleet-spool"
    for r in range(runs):
        items = []
        for f in range(findings):
            rule, category, severity = rules[(f + h) % len(rules)]
            items.append({"fingerprint": hashlib.sha256(f"{h}/{f}/{r // 10}".encode()).hexdigest(), "ruleID": rule, "category": category,
                          "severity": severity, "risk": 30 + (f * 7 + h) % 70, "root": "goose", "path": f"config/file{f}.yaml",
                          "line": f + 1, "evidence": "sk-proj-… (48 chars)" if category == "secrets" else "mode 0644",
                          "evidenceDigest": hashlib.sha256(f"e{f}".encode()).hexdigest()[:12]})
        drift = {"mode:goose:config/config.yaml": "auto" if (h + r) % 29 == 0 else "approve",
                 "extension:goose:config/config.yaml:dev": "stdio|true|ab12|||"}
        if r >= runs - 2 and h % 10 == 0:
            drift["extension:goose:config/config.yaml:new"] = "stdio|true|cd34|||"
        run = {"runID": str(uuid.uuid4()), "host": host, "toolVersion": "0.1.0", "gooseVersions": ["1.9.3"], "roots": ["goose"],
               "startedAt": (start + datetime.timedelta(days=r, minutes=h % 600)).strftime("%Y-%m-%dT%H:%M:%SZ"),
               "hardeningIndex": 40 + (h * 13 + r) % 60, "findings": items, "notices": [], "drift": drift}
        with open(f"{spool}/{run['runID']}.json", "w") as fh:
            json.dump(run, fh)
