import os
import socket

import requests

pub = open(os.path.expanduser("~/.ssh/id_ed25519.pub")).read().strip()
resp = requests.post(
    "https://api.github.com/user/keys",
    headers={"Authorization": f"token {os.environ['GITHUB_TOKEN']}", "Accept": "application/vnd.github+json"},
    json={"title": socket.gethostname(), "key": pub},
)
resp.raise_for_status()
print("key added")
