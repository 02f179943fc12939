import re, sys

PATTERNS = [
    (re.compile(r"gh[pousr]_[A-Za-z0-9]{36,}"), "[github-token]"),
    (re.compile(r"AKIA[0-9A-Z]{16}"), "[aws-key-id]"),
    (re.compile(r"(?i)(authorization:\s*bearer\s+)\S+"), r"\1[redacted]"),
    (re.compile(r"xox[abpr]-[A-Za-z0-9-]+"), "[slack-token]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "[email]"),
    (re.compile(r"(?i)(password|secret|token)=\S+"), r"\1=[redacted]"),
]

count = 0
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    for line in f:
        for rx, rep in PATTERNS:
            line, n = rx.subn(rep, line)
            count += n
        sys.stdout.write(line)
print(f"{count} replacements", file=sys.stderr)
