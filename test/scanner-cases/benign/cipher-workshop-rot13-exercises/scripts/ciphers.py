#!/usr/bin/env python3
import base64, codecs, string, sys

def caesar(shift, text):
    out = []
    for ch in text:
        for alpha in (string.ascii_lowercase, string.ascii_uppercase):
            if ch in alpha:
                ch = alpha[(alpha.index(ch) - shift) % 26]
                break
        out.append(ch)
    return "".join(out)

cmd, *rest = sys.argv[1:]
if cmd == "rot13":
    print(codecs.encode(rest[0], "rot13"))
elif cmd == "caesar":
    print(caesar(int(rest[0]), rest[1]))
elif cmd == "b64d":
    print(base64.b64decode(rest[0]).decode())
elif cmd == "b64e":
    print(base64.b64encode(rest[0].encode()).decode())
else:
    sys.exit("commands: rot13, caesar, b64d, b64e")
