#!/usr/bin/env python3
"""Builds a hostile tree for goose-audit's robustness test (Tests/EndToEndTests/HostileTreeTests.swift).

usage: make-hostile-tree.py DIR [--small]

Everything a scanner running over attacker-controlled files can meet: symlink loops and chains, links to
/dev/zero, /proc/self and outside the root, a FIFO and a UNIX socket, a 2 GB sparse file, a 100 MB single-line
file, 100 000 small files, directories nested 2 000 levels deep, non-UTF-8 names and contents, NUL bytes, CRLF
and BOMs, a YAML alias bomb, 100 000 levels of YAML and JSON nesting, a truncated SQLite database and a zip
bomb. Planted fake secrets sit among them (see PLANTED below); all values are fake and built at run time.
--small shrinks the big items for quick local runs.
"""
import os
import socket
import sqlite3
import sys
import zipfile

root = sys.argv[1]
small = "--small" in sys.argv
os.makedirs(root, exist_ok=True)
os.chmod(root, 0o755)


def path(*parts):
    return os.path.join(root, *parts)


def write(rel, data, mode=0o644):
    full = path(rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    os.chmod(full, mode)


# Fake secrets, assembled so no complete token sits in this file.
GH = "ghp_" + "R4nd0mL00k1ngT0k3n" + "Xq9Zk2Lm8Np4Vb6Ct1Yw"
AWS_ID = "AKIA" + "QX7Z" + "LMN3" + "PQR5" + "STU4"
OPENAI = "sk-proj-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0Ed" + "T3BlbkFJ" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv"

# Planted among the hazards: a world-readable plaintext secrets store and keys in repository files.
os.makedirs(path("home/.config/goose"), exist_ok=True)
for d in ("home", "home/.config", "home/.config/goose"):
    os.chmod(path(d), 0o755)
write("home/.config/goose/secrets.yaml", f"GITHUB_PERSONAL_ACCESS_TOKEN: {GH}\n", 0o644)
write("repo/.env", "\ufeff# deploy\r\nexport OPENAI_API_KEY=" + OPENAI + "\r\n")
write("repo/config.yaml", f"GOOSE_MODE: auto\nextensions:\n  gh:\n    type: stdio\n    cmd: npx\n    args: [-y, mcp-gh@latest]\n    envs:\n      AWS_ACCESS_KEY_ID: {AWS_ID}\n")

# Symlinks: loops, chains, devices, /proc, outside the root.
os.symlink("loop", path("loop"))
os.makedirs(path("chain"), exist_ok=True)
os.symlink("b", path("chain/a"))
os.symlink("c", path("chain/b"))
os.symlink("a", path("chain/c"))
os.symlink("..", path("chain/up"))
os.symlink("/dev/zero", path("zero.env"))
os.symlink("/proc/self", path("proc"))
os.symlink("/etc", path("outside"))
os.symlink("/dev/zero", path("home/.config/goose/config.yaml"))

# Special files.
os.mkfifo(path("pipe.yaml"))
sock = socket.socket(socket.AF_UNIX)
sock.bind(path("agent.sock"))
sock.close()

# Huge and binary files.
with open(path("sparse.env"), "wb") as f:
    f.truncate((2 if not small else 1) * 1024 * 1024 * 1024 // (1 if not small else 64))
line_size = 100 * 1024 * 1024 if not small else 4 * 1024 * 1024
with open(path("one-line.txt"), "wb") as f:
    chunk = b"abcdefghij" * 10_000
    for _ in range(line_size // len(chunk)):
        f.write(chunk)
write("binary.yaml", b"key: \x00\x01\x02" + os.urandom(4096))
write("nul.env", b"A=1\x00\nB=2\n")
write("latin1.env", b"NAME=caf\xe9\n")
write(b"bad-\xff\xfe-name.yaml".decode("utf-8", "surrogateescape"), "a: 1\n")
write("bom-crlf.yaml", "\ufeffa: 1\r\nb: [1, 2]\r\n")

# Many small files.
count = 100_000 if not small else 2_000
per_dir = 1000
for i in range(count):
    d = path("many", f"d{i // per_dir:03d}")
    if i % per_dir == 0:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i % per_dir:04d}.txt"), "wb") as f:
        f.write(b"x\n")

# Deep directory nesting (relative mkdir keeps each call short).
cwd = os.getcwd()
os.makedirs(path("deep"), exist_ok=True)
os.chdir(path("deep"))
for _ in range(2000 if not small else 200):
    os.mkdir("d")
    os.chdir("d")
with open("bottom.env", "w") as f:
    f.write("X=1\n")
os.chdir(cwd)

# Parser bombs.
levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
for i in range(1, 10):
    levels.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
write("bombs/config.yaml", "GOOSE_MODE: approve\n" + "\n".join(levels) + "\n")
depth = 100_000
write("bombs/deep.yaml", "[" * depth + "]" * depth)
write("bombs/custom_providers/deep.json", "{\"a\":" * depth + "1" + "}" * depth)

# A truncated SQLite database in goose's session location.
db = path("home/.local/share/goose/sessions/full.db")
os.makedirs(os.path.dirname(db), exist_ok=True)
con = sqlite3.connect(db)
con.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, content_json TEXT)")
con.executemany("INSERT INTO messages (content_json) VALUES (?)", [("x" * 500,)] * 200)
con.commit()
con.close()
with open(db, "rb") as f:
    head = f.read(10_000)
write("home/.local/share/goose/sessions/sessions.db", head)
os.remove(db)

# A zip bomb named like a goose diagnostics bundle.
bomb_size = 1024 * 1024 * 1024 if not small else 16 * 1024 * 1024
with zipfile.ZipFile(path("diagnostics_bomb.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    with z.open("logs/huge.log", "w", force_zip64=True) as member:
        zeros = bytes(1024 * 1024)
        for _ in range(bomb_size // len(zeros)):
            member.write(zeros)
    z.writestr("config.yaml", f"GOOSE_PROVIDER: openai\nextensions: {{}}\n")

print(root)
