import os
import sys

import requests

API_KEY = os.environ["OPENAI_API_KEY"]
text = open(sys.argv[1]).read()

resp = requests.post(
    "https://api.openai.com/v1/chat/completions",
    headers={"Authorization": f"Bearer {API_KEY}"},
    json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Summarise:\n" + text}]},
    timeout=60,
)
print(resp.json()["choices"][0]["message"]["content"])
