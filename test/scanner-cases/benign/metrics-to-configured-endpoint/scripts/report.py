#!/usr/bin/env python3
import argparse
import os
import subprocess
import sys

import requests


def git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True).stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--job", required=True)
    ap.add_argument("--duration", type=float, required=True)
    ap.add_argument("--tests", type=int, default=0)
    ap.add_argument("--failed", type=int, default=0)
    a = ap.parse_args()
    url = os.environ.get("METRICS_URL")
    if not url:
        print("METRICS_URL is not set; nothing sent", file=sys.stderr)
        return 0
    payload = {
        "job": a.job,
        "duration_seconds": a.duration,
        "tests": a.tests,
        "failed": a.failed,
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
        "commit": git("rev-parse", "HEAD"),
    }
    headers = {"Authorization": f"Bearer {os.environ['METRICS_TOKEN']}"} if "METRICS_TOKEN" in os.environ else {}
    requests.post(url, json=payload, headers=headers, timeout=10).raise_for_status()
    return 0


if __name__ == "__main__":
    sys.exit(main())
