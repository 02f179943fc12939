#!/usr/bin/env python3
"""Parse '##[step] name ... 12.3s' lines and push durations to the configured endpoint."""
import argparse
import json
import os
import re
import sys
import tomllib
import urllib.request
from pathlib import Path

STEP = re.compile(r"^##\[step\]\s+(?P<name>.+?)\s+(?P<secs>\d+(?:\.\d+)?)s$")


def config():
    cfg = {}
    p = Path(".build-metrics.toml")
    if p.exists():
        cfg = tomllib.loads(p.read_text())
    url = os.environ.get("BUILD_METRICS_URL", cfg.get("url"))
    token = os.environ.get("BUILD_METRICS_TOKEN", cfg.get("token"))
    return url, token


def parse(log):
    for line in Path(log).read_text().splitlines():
        m = STEP.match(line.strip())
        if m:
            yield m["name"], float(m["secs"])


def push(url, token, steps):
    lines = "\n".join(f'build_step_seconds,step={n.replace(" ", "_")} value={s}' for n, s in steps)
    req = urllib.request.Request(url, data=lines.encode(), method="POST")
    if token:
        req.add_header("Authorization", f"Token {token}")
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    steps = list(parse(a.log))
    for n, s in steps:
        print(f"{s:8.1f}s  {n}")
    url, token = config()
    if not url:
        print("BUILD_METRICS_URL not set; nothing sent.", file=sys.stderr)
        return
    print(f"pushed {len(steps)} steps to {url}: HTTP {push(url, token, steps)}")


if __name__ == "__main__":
    main()
