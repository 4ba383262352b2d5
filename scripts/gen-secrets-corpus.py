#!/usr/bin/env python3
"""Generates a seeded corpus of realistic config-repository text with rare planted secrets.

Usage: gen-secrets-corpus.py --out DIR [--size-mb 300] [--seed 42] [--every-mb 2]

The corpus mixes goose config.yaml and recipes, Kubernetes manifests, Helm values, GitHub
workflows, .env files, package-lock.json-style JSON (integrity hashes), Markdown and code. One
synthetic credential is planted about every --every-mb megabytes. The list of planted values'
kinds and places is written to DIR/../<name>.planted.json (outside the scanned tree). Values are
random and never real. Do not commit the corpus.
"""
import argparse
import json
import os
import random
import string

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B32 = string.ascii_uppercase + "234567"
MARKERS = ["example", "fake", "dummy", "test", "xxxx", "sample", "mock", "todo", "lorem", "12345678", "abcdefgh", "your"]


def token(rnd, alphabet, n):
    while True:
        s = "".join(rnd.choice(alphabet) for _ in range(n))
        if not any(m in s.lower() for m in MARKERS):
            return s


PLANTS = [
    ("github_pat", lambda r: "GITHUB_TOKEN: ghp_" + token(r, ALNUM, 36)),
    ("anthropic_api_key", lambda r: "ANTHROPIC_API_KEY: sk-ant-api03-" + token(r, ALNUM + "_-", 93) + "AA"),
    ("openai_api_key", lambda r: "OPENAI_API_KEY=sk-proj-" + token(r, ALNUM, 40) + "T3BlbkFJ" + token(r, ALNUM, 40)),
    ("aws_access_key_id", lambda r: "aws_access_key_id = AKIA" + token(r, B32, 16)),
    ("groq_api_key", lambda r: "export GROQ_API_KEY=gsk_" + token(r, ALNUM, 52)),
    ("slack_token", lambda r: "SLACK_BOT_TOKEN: xoxb-" + token(r, string.digits, 12) + "-" + token(r, string.digits, 13) + "-" + token(r, ALNUM, 24)),
    ("google_api_key", lambda r: "GOOGLE_API_KEY: AIza" + token(r, ALNUM + "_-", 35)),
    ("generic_secret_assignment", lambda r: "service_api_key = \"" + token(r, ALNUM, 32) + "\""),
    ("stripe_secret_key", lambda r: "STRIPE_KEY=sk_live_" + token(r, ALNUM, 32)),
    ("url_credentials", lambda r: "DATABASE_URL=postgres://svc:" + token(r, ALNUM, 20) + "@db.internal:5432/app"),
]


def k8s(r):
    name = token(r, string.ascii_lowercase, 8)
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels: {{app: {name}, tier: backend}}
spec:
  replicas: {r.randint(1, 9)}
  template:
    spec:
      containers:
        - name: {name}
          image: registry.internal/{name}:{r.randint(1, 40)}.{r.randint(0, 20)}.{r.randint(0, 9)}
          env:
            - name: LOG_LEVEL
              value: info
            - name: API_TOKEN
              valueFrom: {{secretKeyRef: {{name: {name}-secrets, key: token}}}}
          resources: {{limits: {{cpu: "{r.randint(1, 4)}", memory: {r.randint(1, 8)}Gi}}}}
---
"""


def goose_config(r):
    ext = token(r, string.ascii_lowercase, 6)
    return f"""GOOSE_PROVIDER: anthropic
GOOSE_MODEL: claude-sonnet-4
GOOSE_MODE: smart_approve
GOOSE_MAX_TOKENS: {r.choice([4096, 8192, 16384])}
extensions:
  {ext}:
    enabled: true
    type: stdio
    name: {ext}
    cmd: npx
    args: ["-y", "@acme/{ext}-mcp@{r.randint(1, 5)}.{r.randint(0, 9)}.0"]
    env_keys: [{ext.upper()}_TOKEN]
    envs:
      {ext.upper()}_URL: https://{ext}.internal/api
      {ext.upper()}_AUTH: ${{{ext.upper()}_TOKEN}}
    timeout: 300
"""


def workflow(r):
    return f"""name: ci-{r.randint(1, 999)}
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}
      NPM_TOKEN: ${{{{ secrets.NPM_TOKEN }}}}
    steps:
      - uses: actions/checkout@{token(r, HEX, 40)}
      - run: npm ci && npm test -- --shard={r.randint(1, 8)}/8
"""


def lock_entry(r):
    name = token(r, string.ascii_lowercase, 7)
    return f"""    "node_modules/{name}": {{
      "version": "{r.randint(0, 9)}.{r.randint(0, 30)}.{r.randint(0, 30)}",
      "resolved": "https://registry.npmjs.org/{name}/-/{name}-1.0.0.tgz",
      "integrity": "sha512-{token(r, ALNUM + '+/', 86)}==",
      "license": "MIT"
    }},
"""


def env_file(r):
    return f"""# service settings
export LOG_LEVEL=debug
PORT={r.randint(1000, 9999)}
API_TOKEN=${{API_TOKEN}}
SESSION_ID={token(r, HEX, 8)}-{token(r, HEX, 4)}-4{token(r, HEX, 3)}-a{token(r, HEX, 3)}-{token(r, HEX, 12)}
PASSWORD=changeme
"""


def markdown(r):
    words = ["agent", "token", "secret", "config", "deploy", "release", "goose", "recipe", "extension", "cluster", "key", "rotate"]
    lines = []
    for _ in range(12):
        lines.append(" ".join(r.choice(words) for _ in range(r.randint(6, 16))) + ".")
    lines.append(f"Fixed in commit {token(r, HEX, 40)}.")
    return "\n".join(lines) + "\n\n"


def code(r):
    fn = token(r, string.ascii_lowercase, 8)
    return f"""def {fn}(client, token=None):
    \"\"\"Calls the API; the token comes from the keyring.\"\"\"
    headers = {{"Authorization": f"Bearer {{token}}", "X-Request-Id": "{token(r, HEX, 32)}"}}
    return client.get("/v1/{fn}", headers=headers, timeout={r.randint(5, 60)})

"""


KINDS = [
    ("deploy/{n}.yaml", k8s), ("goose/{n}/config.yaml", goose_config), (".github/workflows/{n}.yml", workflow),
    ("web/{n}/package-lock.json", lock_entry), ("svc/{n}/.env", env_file), ("docs/{n}.md", markdown), ("src/{n}.py", code),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--every-mb", type=float, default=2.0)
    args = parser.parse_args()
    r = random.Random(args.seed)
    target = args.size_mb * 1024 * 1024
    written = 0
    planted = []
    next_plant = r.uniform(0, 2 * args.every_mb) * 1024 * 1024
    n = 0
    while written < target:
        path_tpl, make = r.choice(KINDS)
        rel = path_tpl.format(n=f"{n // 50:04d}/f{n:06d}")
        n += 1
        size = r.randint(1, 200) * 1024
        blocks = []
        length = 0
        # A few distinct blocks repeated with variation keep generation fast.
        variants = [make(r) for _ in range(4)]
        # goose configs, workflows and .env files are one block each (repeating them would duplicate keys).
        single = make in (goose_config, workflow, env_file)
        lock = rel.endswith("package-lock.json")
        while length < size and not (single and blocks):
            block = r.choice(variants)
            if written + length >= next_plant and not lock:
                kind, plant = r.choice(PLANTS)
                line = plant(r)
                planted.append({"kind": kind, "path": rel})
                block = block + line + "\n"
                next_plant += r.uniform(0.5, 1.5) * args.every_mb * 1024 * 1024
            blocks.append(block)
            length += len(block)
        text = "".join(blocks)
        if rel.endswith("package-lock.json"):
            text = '{\n  "lockfileVersion": 3,\n  "packages": {\n' + text + '    "": {}\n  }\n}\n'
        full = os.path.join(args.out, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as handle:
            handle.write(text)
        written += len(text)
    manifest = os.path.abspath(args.out).rstrip("/") + ".planted.json"
    with open(manifest, "w") as handle:
        json.dump({"bytes": written, "files": n, "planted": planted}, handle)
    print(f"{written / 1e6:.1f} MB in {n} files, {len(planted)} planted secrets; manifest {manifest}")


if __name__ == "__main__":
    main()
