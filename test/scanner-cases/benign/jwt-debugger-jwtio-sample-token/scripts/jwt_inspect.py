#!/usr/bin/env python3
import base64, json, sys, datetime

def b64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))

h, p, _ = sys.argv[1].split(".")
header, claims = json.loads(b64(h)), json.loads(b64(p))
print("header:", json.dumps(header, indent=2))
print("claims:", json.dumps(claims, indent=2))
for k in ("iat", "nbf", "exp"):
    if k in claims:
        print(k, datetime.datetime.fromtimestamp(claims[k], datetime.timezone.utc).isoformat())
if header.get("alg", "").lower() == "none":
    print("WARNING: alg none")
