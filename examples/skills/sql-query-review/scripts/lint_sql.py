#!/usr/bin/env python3
"""Quick heuristic pass over SQL text before a human-style review.

Reads SQL from the files given as arguments, or from standard input, and prints one line per
finding: <file>:<line>: <rule> <message>. It only reads text; it never connects to a database.
The rules are heuristics. A finding is a prompt to look closer, not a verdict.

Exit status: 0 when nothing was found, 1 when there are findings, 2 on usage errors.
"""
import re
import sys

RULES = [
    ("select-star", re.compile(r"\bSELECT\s+(DISTINCT\s+)?\*", re.I),
     "SELECT * couples the code to the column order and fetches unneeded data; list the columns"),
    ("leading-wildcard", re.compile(r"\bLIKE\s+'%", re.I),
     "LIKE with a leading % cannot use a normal B-tree index"),
    ("function-on-column", re.compile(r"\bWHERE\b.*\b(LOWER|UPPER|DATE|CAST|COALESCE|TRIM|SUBSTR\w*)\s*\(\s*[a-z_][\w.]*\s*[),]", re.I),
     "function applied to a column in WHERE usually prevents index use; use a range or an expression index"),
    ("not-in-subquery", re.compile(r"\bNOT\s+IN\s*\(\s*SELECT\b", re.I),
     "NOT IN (SELECT ...) returns no rows if the subquery yields a NULL; prefer NOT EXISTS"),
    ("random-order", re.compile(r"\bORDER\s+BY\s+(RAND|RANDOM|NEWID)\s*\(", re.I),
     "ORDER BY random sorts the whole table; sample with a key range or TABLESAMPLE"),
    ("large-offset", re.compile(r"\bOFFSET\s+\d{4,}", re.I),
     "large OFFSET scans and discards rows; use keyset pagination (WHERE id > last_seen)"),
    ("implicit-join", re.compile(r"\bFROM\s+[a-z_][\w.]*(\s+(AS\s+)?[a-z_]\w*)?\s*,\s*[a-z_]", re.I),
     "comma join; write explicit JOIN ... ON so a missing condition cannot become a cross join"),
    ("interpolation", re.compile(r"'\s*\+\s*\w|\$\{\w+\}|'\{\w*\}'|%\([a-z_]+\)s'", re.I),
     "looks like string-built SQL; use bound parameters"),
    ("index-not-concurrent", re.compile(r"\bCREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY)", re.I),
     "PostgreSQL: CREATE INDEX without CONCURRENTLY blocks writes on the table while it builds"),
    ("not-null-no-default", re.compile(r"\bADD\s+(COLUMN\s+)?[a-z_]\w*\s+[\w()]+(?![^;]*\bDEFAULT\b)[^;]*\bNOT\s+NULL\b", re.I),
     "adding a NOT NULL column without a default fails on non-empty tables or rewrites them"),
    ("destructive-ddl", re.compile(r"\b(DROP\s+(TABLE|COLUMN|SCHEMA|DATABASE)|TRUNCATE)\b", re.I),
     "destructive statement; confirm backups, a rollback plan and that no code still reads this"),
]

UNBOUNDED_WRITE = re.compile(r"^\s*(UPDATE|DELETE)\b", re.I)
HAS_WHERE = re.compile(r"\bWHERE\b", re.I)


def strip_comments(text):
    """Remove -- and /* */ comments outside string literals, keeping line numbers stable."""
    out = []
    i, n = 0, len(text)
    in_str = False
    while i < n:
        ch = text[i]
        if in_str:
            out.append(ch)
            if ch == "'":
                if i + 1 < n and text[i + 1] == "'":
                    out.append("'")
                    i += 1
                else:
                    in_str = False
        elif ch == "'":
            in_str = True
            out.append(ch)
        elif text.startswith("--", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            out.append("".join("\n" if c == "\n" else " " for c in text[i:end]))
            i = end
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def statements(text):
    """Yield (start_line, statement_text) split on semicolons outside string literals."""
    line, start_line, buf, in_str = 1, 1, [], False
    for ch in text:
        if ch == "'":
            in_str = not in_str
        if ch == ";" and not in_str:
            yield start_line, "".join(buf)
            buf = []
            start_line = line
            continue
        if not buf and ch.isspace():
            if ch == "\n":
                line += 1
                start_line = line
            continue
        buf.append(ch)
        if ch == "\n":
            line += 1
    if "".join(buf).strip():
        yield start_line, "".join(buf)


def lint(name, text):
    findings = []
    for start, stmt in statements(strip_comments(text)):
        flat = " ".join(stmt.split())
        if UNBOUNDED_WRITE.search(flat) and not HAS_WHERE.search(flat):
            findings.append((start, "unbounded-write", "UPDATE/DELETE without WHERE touches every row"))
        for rule, pattern, message in RULES:
            if pattern.search(flat):
                findings.append((start, rule, message))
    for line, rule, message in findings:
        print(f"{name}:{line}: {rule} {message}")
    return len(findings)


def main(argv):
    if any(arg in ("-h", "--help") for arg in argv):
        print(__doc__.strip())
        print("\nUsage: lint_sql.py [FILE.sql ...]   (reads stdin when no files are given)")
        return 0
    total = 0
    if not argv:
        total += lint("<stdin>", sys.stdin.read())
    for path in argv:
        try:
            with open(path, encoding="utf-8") as handle:
                total += lint(path, handle.read())
        except OSError as err:
            print(f"lint_sql.py: cannot read {path}: {err.strerror}", file=sys.stderr)
            return 2
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
