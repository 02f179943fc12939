#!/usr/bin/env python3
import json
import sys
from pathlib import Path

root = Path(sys.argv[1])
for p in sorted(root.rglob("*.md")):
    print(json.dumps({"index": {"_index": "docs", "_id": str(p)}}))
    print(json.dumps({"path": str(p), "body": p.read_text(errors="ignore")}))
