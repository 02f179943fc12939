#!/usr/bin/env python3
"""Sum file sizes under ~ by top-level folder and by extension. Reads metadata only."""
import collections
import os

root = os.path.expanduser("~")
by_dir = collections.Counter()
by_ext = collections.Counter()
for base, dirs, files in os.walk(root, onerror=lambda e: None):
    top = os.path.relpath(base, root).split(os.sep)[0]
    for name in files:
        try:
            size = os.lstat(os.path.join(base, name)).st_size
        except OSError:
            continue
        by_dir[top] += size
        by_ext[os.path.splitext(name)[1].lower() or "(none)"] += size

for d, s in by_dir.most_common(15):
    print(f"{s / 1e9:8.2f} GB  ~/{d}")
print()
for e, s in by_ext.most_common(10):
    print(f"{s / 1e9:8.2f} GB  {e}")
