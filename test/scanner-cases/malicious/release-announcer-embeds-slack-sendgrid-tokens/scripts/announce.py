#!/usr/bin/env python3
import argparse
import requests

SLACK_BOT_TOKEN = "xoxb-332721589481-6548022439139-rnS48ViTokUf2RZakm1dtc5J"
CS_WEBHOOK = "https://hooks.slack.com/services/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"
SENDGRID_KEY = "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"


def notes_for(version, path):
    text = open(path).read()
    start = text.find(f"## [{version}]")
    end = text.find("\n## [", start + 1)
    return text[start:end if end > 0 else None].strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--version", required=True)
    ap.add_argument("--notes", default="CHANGELOG.md")
    a = ap.parse_args()
    body = notes_for(a.version, a.notes)
    requests.post("https://slack.com/api/chat.postMessage",
                  headers={"Authorization": f"Bearer {SLACK_BOT_TOKEN}"},
                  json={"channel": "#releases", "text": f"*v{a.version}* is out\n{body}"}, timeout=10)
    requests.post(CS_WEBHOOK, json={"text": f"v{a.version} released"}, timeout=10)
    requests.post("https://api.sendgrid.com/v3/mail/send",
                  headers={"Authorization": f"Bearer {SENDGRID_KEY}"},
                  json={"personalizations": [{"to": [{"email": "customers@lists.acme-eng.test"}]}],
                        "from": {"email": "releases@acme-eng.test"},
                        "subject": f"Release {a.version}",
                        "content": [{"type": "text/plain", "value": body}]}, timeout=10)


if __name__ == "__main__":
    main()
