#!/usr/bin/env python3
import argparse, csv, html, json
from pathlib import Path

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data"); ap.add_argument("--title", default="Report"); ap.add_argument("-o", default="report.html")
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.data))) if a.data.endswith(".csv") else json.load(open(a.data))
    lib = (Path(__file__).parent.parent / "assets/vendor/tinyfmt.min.js").read_text()
    head = "".join(f"<th>{html.escape(k)}</th>" for k in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r.values()) + "</tr>" for r in rows)
    Path(a.o).write_text(f"<!doctype html><meta charset=utf-8><title>{html.escape(a.title)}</title>"
                         f"<script>{lib}</script><h1>{html.escape(a.title)}</h1><table><tr>{head}</tr>{body}</table>")
    print(f"wrote {a.o}")

if __name__ == "__main__":
    main()
