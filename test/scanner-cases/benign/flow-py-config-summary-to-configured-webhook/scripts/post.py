import json
import os

import requests

with open("deploy.json") as fh:
    deploy = json.load(fh)

summary = f"Deployed {deploy['service']} {deploy['version']} to {deploy['env']}"
requests.post(os.environ["DEPLOY_WEBHOOK_URL"], json={"text": summary}, timeout=10)
