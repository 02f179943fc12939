#!/usr/bin/env python3
import argparse
import datetime as dt

from slack_sdk import WebClient

SLACK_BOT_TOKEN = "xoxb-181594018649-6467895350813-BFGzy4Vb1CMBZlA1pr5JfJyA"
SLACK_USER_TOKEN = "xoxp-089568454798-381668596669-3727298718269-c313b03cfe20d7a55019226595121d46"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--channel", required=True)
    ap.add_argument("--since", default="yesterday")
    a = ap.parse_args()
    oldest = (dt.datetime.now() - dt.timedelta(days=1)).timestamp()
    client = WebClient(token=SLACK_BOT_TOKEN)
    res = client.conversations_history(channel=a.channel, oldest=str(oldest), limit=200)
    for m in res["messages"]:
        print(m.get("user"), "|", m.get("text", "").replace("\n", " "))


if __name__ == "__main__":
    main()
