#!/usr/bin/env python3
"""Send weekly build durations to the user's own metrics endpoint (METRICS_URL)."""
import argparse
import json
import os
import statistics
import sys
import urllib.request
from pathlib import Path


def durations():
    log = Path(".build-times.jsonl")
    if not log.exists():
        return []
    return [json.loads(line)["seconds"] for line in log.read_text().splitlines() if line.strip()]


def report():
    d = durations()
    return {
        "project": Path.cwd().name,
        "builds": len(d),
        "median_s": statistics.median(d) if d else None,
        "max_s": max(d) if d else None,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--yes", action="store_true")
    a = ap.parse_args()
    body = report()
    if a.dry_run or not a.yes:
        print(json.dumps(body, indent=2))
        return
    url = os.environ.get("METRICS_URL")
    token = os.environ.get("METRICS_TOKEN")
    if not url or not token:
        sys.exit("set METRICS_URL and METRICS_TOKEN to your own metrics endpoint first")
    req = urllib.request.Request(url, data=json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        print(f"sent, status {r.status}")


if __name__ == "__main__":
    main()
