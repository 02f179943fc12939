import os
import sys

import httpx

token = os.environ.get("NOTION_TOKEN")
headers = {"Authorization": f"Bearer {token}", "Notion-Version": "2022-06-28"}

with httpx.Client(base_url="https://api.notion.com/v1", headers=headers) as client:
    page = client.get(f"/blocks/{sys.argv[1]}/children").json()
    for block in page.get("results", []):
        print(block.get("type"))
