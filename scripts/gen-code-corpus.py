#!/usr/bin/env python3
"""Generates a seeded, code-heavy corpus for the secret-scanning precision benchmark.

Usage: gen-code-corpus.py --out DIR [--size-mb 120] [--seed 15]

Source files in Python, TypeScript, Go, Ruby, Java and shell, plus goose configs and JSON log lines,
full of code that names keys, tokens and secrets without holding one. Into them go decoys of every
false-positive class of issue 15 (code and template references in each language, empty assignments
followed by a line end, marker values, documentation tokens, local-server dummies) and planted
synthetic credentials (format tokens, generic assignments, OAuth client secrets, command-line flags,
tokens inside escaped JSON and Rust Debug log lines, literals under a goose extension's envs).
DIR/../<name>.planted.json lists every plant and decoy by path and line (outside the scanned tree).
Values are random and never real. Keep the corpus out of git (/bench-corpus/ is ignored).
"""
import argparse
import json
import os
import random
import string

ALNUM = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"
MARKERS = ["example", "fake", "dummy", "test", "xxxx", "sample", "mock", "todo", "lorem", "12345678", "abcdefgh", "your",
           "replace", "insert", "redacted", "foobar", "notreal", "placeholder", "changeme"]
WORDS = ("user account order invoice session request response client server cache store queue worker job task event "
         "record item payload config option value result error status retry limit batch page cursor index").split()
SECRETY = "token secret api_key password credential access_key auth_key client_secret".split()


def rand(rnd, alphabet, n):
    while True:
        s = "".join(rnd.choice(alphabet) for _ in range(n))
        if not any(m in s.lower() for m in MARKERS) and any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
            return s


def ident(rnd, camel):
    parts = [rnd.choice(WORDS) for _ in range(rnd.randint(1, 3))]
    if rnd.random() < 0.3:
        parts.insert(rnd.randint(0, len(parts)), rnd.choice(SECRETY).replace("_", ""))
    return parts[0] + "".join(p.capitalize() for p in parts[1:]) if camel else "_".join(parts)


# Filler: a function per language that names secret-sounding things without holding a value.
def block(rnd, lang):
    a, b, c = ident(rnd, lang in "ts go java"), ident(rnd, lang in "ts go java"), ident(rnd, lang in "ts go java")
    n = rnd.randint(2, 400)
    if lang == "py":
        return [f"def {a}({b}, {c}=None):", f'    """Return the {b} for a {c}; the token is read from the store."""',
                f"    if {c} is None:", f"        {c} = load_{b}()", f"    token_count = len({b}) + {n}",
                f"    return {{'{a}': {b}, 'limit': token_count}}", ""]
    if lang == "ts":
        return [f"export async function {a}({b}: string, {c}?: number): Promise<Result> {{",
                f"  // refresh the access token when {b} expires", f"  const tokenLimit = {c} ?? {n};",
                f"  const secretName = `{b}-${{tokenLimit}}`;", f"  return fetchWith({b}, {{ secretName, tokenLimit }});", "}", ""]
    if lang == "go":
        return [f"func {a}(ctx context.Context, {b} string) (*Result, error) {{", f"\t// {c}: the token is never logged",
                f"\ttokenTTL := time.Duration({n}) * time.Second", f"\tif {b} == \"\" {{", f"\t\treturn nil, errMissing{c.capitalize()}",
                "\t}", f"\treturn fetch(ctx, {b}, tokenTTL)", "}", ""]
    if lang == "rb":
        return [f"def {a}({b}, {c} = nil)", f"  # look up the api key name for {b}", f"  token_limit = {n}",
                f"  secret_name = \"#{{{b}}}-secret\"", f"  fetch({b}, secret_name, token_limit)", "end", ""]
    if lang == "java":
        return [f"    public Result {a}(String {b}, int {c}) {{", f"        // the credential comes from the vault for {b}",
                f"        int tokenLimit = {c} + {n};", f"        String secretName = {b} + \"-secret\";",
                f"        return client.fetch({b}, secretName, tokenLimit);", "    }", ""]
    return [f"{a}() {{", f"  # rotate the token for {b}", f"  local limit={n}", f"  echo \"renewing {c} token (limit $limit)\"",
            f"  curl -fsS \"$API_URL/{b}\" -o /dev/null", "}", ""]


EXT = {"py": ".py", "ts": ".ts", "go": ".go", "rb": ".rb", "java": ".java", "sh": ".sh"}

DECOYS = {  # class -> language -> lines
    "reference": {
        "py": ['API_KEY = os.environ["SERVICE_API_KEY"]', 'client_secret = os.getenv("OAUTH_CLIENT_SECRET")',
               "self.api_token = settings.SERVICE_API_TOKEN"],
        "ts": ['const apiKey = process.env.SERVICE_API_KEY ?? "";', "const authToken = import.meta.env.VITE_AUTH_TOKEN;",
               "this.clientSecret = config.oauth.clientSecret;"],
        "go": ['token := os.Getenv("SERVICE_TOKEN")', "apiKey := cfg.Auth.ServiceApiKey", 'secret, ok := os.LookupEnv("APP_SECRET")'],
        "rb": ['api_key = ENV["SERVICE_API_KEY"]', 'token = ENV.fetch("SERVICE_TOKEN")', "secret = Rails.application.credentials.secret"],
        "java": ['String apiToken = System.getenv("SERVICE_TOKEN");', 'String secret = System.getProperty("app.secret");',
                 "this.accessKey = properties.accessKeyValue;"],
        "sh": ["export API_TOKEN=$SERVICE_TOKEN", 'export API_KEY="${SERVICE_API_KEY}"', "SECRET=$(vault kv get -field=v secret/app)",
               'llm chat --api-key "$OPENAI_API_KEY"', "curl -H \"Authorization: Bearer $(gh auth token)\" \"$URL\""],
    },
    "empty_assignment": {"sh": ["GITHUB_TOKEN=", "ANTHROPIC_API_KEY="], "py": ["API_TOKEN = \\"]},
    "marker": {"*": ["api_key = \"sk-proj-your-key-here\"", "SERVICE_TOKEN=your_token_here", "password = \"<your-password>\"",
                     "client_secret: \"xxxxxxxxxxxxxxxxxxxxxxxx\"", "token = \"EXAMPLE9f8e7d6c5b4a3210\"", "secret_key = 'dummy-secret-key-001'"]},
    "documentation": {"*": ["aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                            "# Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"]},
    "local_dummy": {"*": ["OPENAI_API_KEY=sk-local", "api_key = \"sk-no-key-required\"", "OPENAI_API_KEY=ollama"]},
}


def plant(rnd, lang, kind):
    s = rand(rnd, ALNUM, 32)
    if kind == "github_pat":
        return f"GH_TOKEN=ghp_{rand(rnd, ALNUM, 36)}"
    if kind == "openai_api_key":
        return f'openai_key = "sk-proj-{rand(rnd, ALNUM, 40)}T3BlbkFJ{rand(rnd, ALNUM, 40)}"'
    if kind == "aws_access_key_id":
        return f"aws_access_key_id = AKIA{rand(rnd, B32, 16)}"
    if kind == "slack_token":
        return f"SLACK_BOT_TOKEN=xoxb-{rnd.randint(10**11, 10**12 - 1)}-{rnd.randint(10**12, 10**13 - 1)}-{rand(rnd, ALNUM, 24)}"
    if kind == "client_secret":
        return {"py": f'CLIENT_SECRET = "{s}"', "ts": f'const clientSecret = "{s}";', "go": f'clientSecret := "{s}"',
                "rb": f"client_secret = '{s}'", "java": f'String clientSecret = "{s}";', "sh": f"export CLIENT_SECRET={s}"}[lang]
    if kind == "generic":
        return {"py": f'api_key = "{s}"', "ts": f'const apiKey = process.env.API_KEY ?? ""; const serviceToken = "{s}";',
                "go": f'serviceToken := "{s}"', "rb": f"api_key = '{s}'", "java": f'String apiToken = "{s}";', "sh": f"export API_TOKEN={s}"}[lang]
    if kind == "cli_flag":
        return f"deploy-tool push --token {rand(rnd, '0123456789abcdef', 40)}"
    raise ValueError(kind)


PLANT_KINDS = ["github_pat", "openai_api_key", "aws_access_key_id", "slack_token", "client_secret", "generic", "cli_flag"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mb", type=float, default=120)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    out = args.out.rstrip("/")
    pools = {lang: [block(rnd, lang) for _ in range(400)] for lang in EXT}
    planted, decoys, total, files = [], [], 0, 0
    target = int(args.size_mb * 1e6)
    while total < target:
        lang = rnd.choice(list(EXT))
        path = f"svc{files % 40:02d}/{lang}/{ident(rnd, False)}_{files}{EXT[lang]}"
        lines = []
        while sum(len(l) + 1 for l in lines) < rnd.randint(20_000, 60_000):
            lines += rnd.choice(pools[lang])
        inserts = []
        for cls, table in DECOYS.items():
            for _ in range(rnd.randint(0, 2)):
                options = table.get(lang) or table.get("*")
                if options:
                    inserts.append(("decoy", cls, rnd.choice(options)))
        if rnd.random() < 0.12:
            kind = rnd.choice(PLANT_KINDS)
            inserts.append(("plant", kind, plant(rnd, lang, kind)))
        for what, cls, text in inserts:
            at = rnd.randint(0, len(lines))
            lines[at:at] = text.split("\n")
        for number, line in enumerate(lines, 1):
            for what, cls, text in inserts:
                if line == text.split("\n")[0]:
                    (planted if what == "plant" else decoys).append({"path": path, "line": number, "kind": cls})
        data = "\n".join(lines) + "\n"
        os.makedirs(os.path.dirname(f"{out}/{path}"), exist_ok=True)
        with open(f"{out}/{path}", "w") as f:
            f.write(data)
        total += len(data)
        files += 1
    # goose configs and JSON logs: positional literals and escaped tokens.
    for index in range(60):
        path, s = f"goose/team{index}/config.yaml", rand(rnd, ALNUM, 30)
        text = f"GOOSE_PROVIDER: openai\nextensions:\n  tickets:\n    type: stdio\n    cmd: tickets-mcp\n    envs:\n      TICKETS_TOKEN: {s}\n"
        planted.append({"path": path, "line": 7, "kind": "goose_envs"})
        log = (f'{{"level":"INFO","fields":{{"message":"request {{\\"HF_TOKEN\\": \\"hf_{rand(rnd, ALNUM, 34)}\\"}}"}}}}\n'
               f'{{"level":"DEBUG","fields":{{"message":"Config {{ api_key: \\"{rand(rnd, ALNUM, 36)}\\", retries: 3 }}"}}}}\n')
        planted += [{"path": f"goose/team{index}/logs/run.jsonl", "line": 1, "kind": "escaped_json"},
                    {"path": f"goose/team{index}/logs/run.jsonl", "line": 2, "kind": "rust_debug"}]
        for p, t in ((path, text), (f"goose/team{index}/logs/run.jsonl", log)):
            os.makedirs(os.path.dirname(f"{out}/{p}"), exist_ok=True)
            with open(f"{out}/{p}", "w") as f:
                f.write(t)
            total += len(t)
            files += 1
    with open(out + ".planted.json", "w") as f:
        json.dump({"bytes": total, "files": files, "planted": planted, "decoys": decoys}, f)
    print(f"{out}: {total / 1e6:.1f} MB in {files} files, {len(planted)} planted secrets, {len(decoys)} decoys")


if __name__ == "__main__":
    main()
