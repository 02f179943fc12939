import argparse
import dns.resolver

ap = argparse.ArgumentParser()
ap.add_argument("domain")
ap.add_argument("--selector", action="append", default=[])
a = ap.parse_args()

def txt(name):
    try:
        return [b"".join(r.strings).decode() for r in dns.resolver.resolve(name, "TXT")]
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []

spf = [t for t in txt(a.domain) if t.startswith("v=spf1")]
dmarc = [t for t in txt(f"_dmarc.{a.domain}") if t.startswith("v=DMARC1")]
print("SPF:  ", spf or "missing")
print("DMARC:", dmarc or "missing")
for sel in a.selector:
    print(f"DKIM {sel}:", txt(f"{sel}._domainkey.{a.domain}") or "missing")
