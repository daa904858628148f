#!/usr/bin/env python3
"""The third-party licence notice of the shipped binary (what cargo-about
does, from `cargo metadata` alone): every crate linked into calltrust on a
target, with its licence expression and the licence and notice files it
ships. Identical texts are printed once.

    python3 packaging/third-party.py [TARGET] > THIRD-PARTY-LICENSES.md
"""
import hashlib
import json
import os
import subprocess
import sys

target = sys.argv[1] if len(sys.argv) > 1 else "x86_64-unknown-linux-gnu"
meta = json.loads(subprocess.check_output(
    ["cargo", "metadata", "--format-version", "1", "--locked", "--filter-platform", target]))
pkgs = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
root = next(p["id"] for p in meta["packages"] if p["name"] == "calltrust")

# Normal and build dependencies, transitively (dev-dependencies are not shipped).
seen, todo = set(), [root]
while todo:
    i = todo.pop()
    if i in seen:
        continue
    seen.add(i)
    for d in nodes[i]["deps"]:
        if any(k["kind"] in (None, "build") for k in d["dep_kinds"]):
            todo.append(d["pkg"])

texts, order, rows = {}, [], []
for i in sorted(seen, key=lambda i: (pkgs[i]["name"], pkgs[i]["version"])):
    p = pkgs[i]
    if p["source"] is None:
        continue  # calltrust's own crates
    d = os.path.dirname(p["manifest_path"])
    files = []
    for f in sorted(os.listdir(d)):
        u = f.upper()
        if u.startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE", "COPYRIGHT", "UNLICENSE")) and os.path.isfile(os.path.join(d, f)):
            with open(os.path.join(d, f), encoding="utf-8", errors="replace") as fh:
                t = fh.read().strip()
            h = hashlib.sha256(t.encode()).hexdigest()[:12]
            if h not in texts:
                texts[h] = (f, t)
                order.append(h)
            files.append((f, h))
    rows.append((p["name"], p["version"], p.get("license") or "see files", p.get("repository") or "", files))

print("# Third-party licences\n")
print(f"calltrust links these {len(rows)} crates (target {target}). Each is listed with its")
print("licence expression and the licence and notice files it ships; the texts follow, each once.\n")
print("| crate | version | licence | files |\n|---|---|---|---|")
for name, ver, lic, repo, files in rows:
    fl = ", ".join(f"{f} [{h}](#t-{h})" for f, h in files) or "none shipped: the standard text of the expression applies (MIT and Apache-2.0: see LICENSE-MIT and LICENSE-APACHE)"
    print(f"| {name} | {ver} | {lic} | {fl} |")
print("\n## Texts\n")
for h in order:
    f, t = texts[h]
    print(f'<a id="t-{h}"></a>\n### {h} ({f})\n\n```text\n{t}\n```\n')
