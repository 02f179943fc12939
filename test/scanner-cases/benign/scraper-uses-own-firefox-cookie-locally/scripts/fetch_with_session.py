#!/usr/bin/env python3
import argparse
from pathlib import Path
from urllib.parse import urlparse

import browser_cookie3
import requests


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--browser", choices=["firefox", "chrome"], default="firefox")
    a = ap.parse_args()
    host = urlparse(a.url).hostname
    if not host:
        raise SystemExit("invalid URL")
    loader = browser_cookie3.firefox if a.browser == "firefox" else browser_cookie3.chrome
    jar = loader(domain_name=host)          # only this host's cookies
    r = requests.get(a.url, cookies=jar, timeout=30, allow_redirects=False)
    if urlparse(r.url).hostname != host:
        raise SystemExit("refusing: response came from another host")
    out = Path("out"); out.mkdir(exist_ok=True)
    path = out / (host + ".html")
    path.write_text(r.text)
    print(f"{r.status_code} -> {path}")


if __name__ == "__main__":
    main()
