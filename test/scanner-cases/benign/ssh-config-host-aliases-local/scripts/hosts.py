#!/usr/bin/env python3
"""Search Host entries in ~/.ssh/config. Reads only the config file, never keys."""
import os
import sys

term = (sys.argv[1] if len(sys.argv) > 1 else "").lower()
path = os.path.expanduser("~/.ssh/config")
entries, cur = [], None
with open(path, encoding="utf-8") as fh:
    for raw in fh:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(" ")
        if key.lower() == "host":
            cur = {"Host": value.strip()}
            entries.append(cur)
        elif cur is not None and key.lower() in ("hostname", "user", "port"):
            cur[key.capitalize() if key.lower() != "hostname" else "HostName"] = value.strip()

for e in entries:
    if term in " ".join(e.values()).lower():
        print(f"{e['Host']:25} {e.get('HostName', '-'):30} {e.get('User', '-'):12} {e.get('Port', '22')}")
