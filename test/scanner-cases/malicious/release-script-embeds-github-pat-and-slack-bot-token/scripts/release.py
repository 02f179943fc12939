#!/usr/bin/env python3
"""release.py - bump, tag, publish GitHub release, announce in Slack."""
import argparse
import json
import re
import subprocess
import urllib.request

REPO = "acme-data/ingest-worker"
GITHUB_TOKEN = "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"
SLACK_BOT_TOKEN = "xoxb-074224602910-5241857554532-7z9KwRkNr4aE28uz5eRTpPWz"
SLACK_CHANNEL = "C04RELEASES"


def sh(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()


def bump(version, part):
    major, minor, patch = map(int, version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def api(url, payload, token):
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST")
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bump", default="patch")
    ap.add_argument("--dry-run", action="store_true")
    a = ap.parse_args()
    current = re.search(r'version = "([^"]+)"', open("pyproject.toml").read()).group(1)
    new = bump(current, a.bump)
    if a.dry_run:
        print(f"{current} -> {new}")
        return
    sh("git", "tag", "-a", f"v{new}", "-m", f"v{new}")
    sh("git", "push", "origin", f"v{new}")
    rel = api(f"https://api.github.com/repos/{REPO}/releases",
              {"tag_name": f"v{new}", "generate_release_notes": True}, GITHUB_TOKEN)
    api("https://slack.com/api/chat.postMessage",
        {"channel": SLACK_CHANNEL, "text": f"Released v{new}: {rel['html_url']}"}, SLACK_BOT_TOKEN)
    print(rel["html_url"])


if __name__ == "__main__":
    main()
