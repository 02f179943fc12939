#!/usr/bin/env python3
"""Rank parent zones by high-entropy query labels in a local DNS log."""
import argparse, collections, math, re

NAME = re.compile(r"(?:query\[[A-Z]+\]|query:)\s+([A-Za-z0-9._-]+)")

def entropy(s: str) -> float:
    counts = collections.Counter(s)
    return -sum(c / len(s) * math.log2(c / len(s)) for c in counts.values())

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--min-len", type=int, default=40)
    ap.add_argument("--min-entropy", type=float, default=3.5)
    a = ap.parse_args()
    zones = collections.defaultdict(set)
    with open(a.log, errors="replace") as f:
        for line in f:
            m = NAME.search(line)
            if not m:
                continue
            labels = m.group(1).rstrip(".").split(".")
            if len(labels) < 3:
                continue
            first = labels[0]
            if len(first) >= a.min_len and entropy(first) >= a.min_entropy:
                zones[".".join(labels[-3:])].add(first)
    for zone, labels in sorted(zones.items(), key=lambda kv: -len(kv[1]))[:20]:
        print(f"{len(labels):6d}  {zone}")

if __name__ == "__main__":
    main()
