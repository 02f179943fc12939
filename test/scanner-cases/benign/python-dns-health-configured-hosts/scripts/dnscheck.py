#!/usr/bin/env python3
"""Resolve each hostname listed in a file and time it."""
import socket
import sys
import time

with open(sys.argv[1], encoding="utf-8") as fh:
    names = [l.strip() for l in fh if l.strip() and not l.startswith("#")]

for name in names:
    t = time.perf_counter()
    try:
        addr = socket.gethostbyname(name)
    except socket.gaierror as e:
        addr = f"FAILED ({e.strerror})"
    ms = (time.perf_counter() - t) * 1000
    print(f"{name:40} {addr:20} {ms:7.1f} ms")
