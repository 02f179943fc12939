#!/usr/bin/env python3
import os, sys, unicodedata

SUSPECT = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
           0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x061C, 0x200E, 0x200F}

def scan(path):
    hits = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for ln, line in enumerate(f, 1):
            for col, ch in enumerate(line, 1):
                cp = ord(ch)
                if cp in SUSPECT or 0xE0000 <= cp <= 0xE007F:
                    print(f"{path}:{ln}:{col} U+{cp:04X} {unicodedata.name(ch, '?')}")
                    hits += 1
    return hits

total = 0
for root in sys.argv[1:] or ["."]:
    for dp, _, files in os.walk(root):
        for fn in files:
            if fn.endswith((".js", ".ts", ".py", ".go", ".rs", ".c", ".h", ".java", ".md", ".sh")):
                total += scan(os.path.join(dp, fn))
sys.exit(1 if total else 0)
