import os
from collections import Counter

home = os.path.expanduser("~")
sizes = Counter()
for folder, _dirs, files in os.walk(home):
    top = os.path.relpath(folder, home).split(os.sep)[0]
    for name in files:
        try:
            sizes[top] += os.path.getsize(os.path.join(folder, name))
        except OSError:
            pass
for top, size in sizes.most_common(10):
    print(f"{size / 1e9:8.2f} GB  {top}")
