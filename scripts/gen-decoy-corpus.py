#!/usr/bin/env python3
"""Generates a seeded corpus of goose configuration repositories full of things that look like secrets
but are not: references (${VAR}, $VAR, ${{ secrets.X }}), placeholders, documented example keys, env_keys
names, lock-file hashes, git SHAs, UUIDs and public keys. Every secret finding on it is a false positive.

Usage: gen-decoy-corpus.py --out DIR [--repos 200] [--seed 7]
"""
import argparse
import os
import random
import string

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


def chars(rnd, n, alphabet=ALNUM):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def repo(rnd):
    sha = chars(rnd, 40, HEX)
    uuid = "-".join(chars(rnd, n, HEX) for n in (8, 4, 4, 4, 12))
    return {
        "config.yaml": f"""GOOSE_PROVIDER: openai
OPENAI_API_KEY: sk-proj-your-key-here
ANTHROPIC_API_KEY: ${{ANTHROPIC_API_KEY}}
GOOSE_SERVER__SECRET_KEY: changeme
extensions:
  github:
    type: stdio
    cmd: /opt/bin/github-mcp-server
    env_keys: [GITHUB_PERSONAL_ACCESS_TOKEN]
    envs:
      GITHUB_TOKEN: $GITHUB_TOKEN
      AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
      API_KEY: <your-key>
      OTHER_KEY: your_api_key_here
      SESSION_ID: {uuid}
      SOME_TOKEN: sk-xxxxxxxxxxxxxxxxxxxxxxxx
  tickets:
    type: streamable_http
    uri: https://mcp.internal.example/mcp
    env_keys: [TICKETS_TOKEN]
    headers:
      Authorization: Bearer ${{TICKETS_TOKEN}}
""",
        "package-lock.json": '{"packages": {"node_modules/a": {"version": "1.2.3", "integrity": "sha512-' + chars(rnd, 86) + '=="}}}\n',
        "Cargo.lock": f'[[package]]\nname = "a"\nchecksum = "{chars(rnd, 64, HEX)}"\n',
        "NOTES.md": f"""Fixed in commit {sha} (see {sha[:12]}). Run id {uuid}.
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{chars(rnd, 43)} ops@bastion
The OpenAI key looks like sk-proj-... and lives in the keyring; set GITHUB_TOKEN=<token> locally.
""",
        ".env.example": "OPENAI_API_KEY=sk-proj-your-key-here\nAPI_TOKEN=changeme\nDATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\n",
        ".github/workflows/ci.yml": "jobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n"
        "      GOOSE_PROVIDER__API_KEY: ${{ secrets.KEY }}\n    steps:\n      - run: echo build\n",
        "custom_providers/corp.json": '{"name": "corp", "engine": "openai", "api_key_env": "CUSTOM_CORP_API_KEY", '
        '"base_url": "https://llm.internal.example/v1", "headers": {"X-Api-Key": "${CUSTOM_CORP_API_KEY}"}}\n',
        "helm/values.yaml": f"""image:
  digest: sha256:{chars(rnd, 64, HEX)}
cache_key: {chars(rnd, 64, HEX)}
api_key: "{{{{ .Values.secrets.apiKey }}}}"
secret_name: prod-db-credentials
password_file: /run/secrets/db_password
token_url: https://login.example.com/oauth2/token
client_id: {uuid}
public_key: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{chars(rnd, 60)}"
session_secret_ref: vault:secret/data/app#session
""",
        ".goose/recipes/triage.yaml": "version: 1.0.0\ntitle: Triage\ninstructions: Triage the issue.\nparameters:\n"
        "  - key: api_token\n    input_type: string\n    requirement: user_prompt\n    description: your token, e.g. ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    for index in range(args.repos):
        for path, text in repo(rnd).items():
            full = os.path.join(args.out, f"repo{index:04d}", path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
    print(f"{args.repos} decoy repositories in {args.out}")


if __name__ == "__main__":
    main()
