import argparse, base64, datetime, os, pathlib
import yaml
from cryptography import x509

ap = argparse.ArgumentParser()
ap.add_argument("--days", type=int, default=None)
args = ap.parse_args()

path = pathlib.Path(os.environ.get("KUBECONFIG", pathlib.Path.home() / ".kube" / "config"))
cfg = yaml.safe_load(path.read_text())
users = {u["name"]: u.get("user", {}) for u in cfg.get("users", [])}
now = datetime.datetime.now(datetime.timezone.utc)

for ctx in cfg.get("contexts", []):
    user = users.get(ctx["context"].get("user"), {})
    data = user.get("client-certificate-data")
    if not data:
        print(f"{ctx['name']:<30} (token or exec auth, no client cert)")
        continue
    cert = x509.load_pem_x509_certificate(base64.b64decode(data))
    left = (cert.not_valid_after_utc - now).days
    if args.days is None or left <= args.days:
        print(f"{ctx['name']:<30} expires {cert.not_valid_after_utc:%Y-%m-%d} ({left} days)")
