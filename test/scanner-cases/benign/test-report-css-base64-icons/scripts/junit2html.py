#!/usr/bin/env python3
import argparse, html, xml.etree.ElementTree as ET
from pathlib import Path

ap = argparse.ArgumentParser(); ap.add_argument("xml"); ap.add_argument("-o", default="test-report.html")
a = ap.parse_args()
css = (Path(__file__).parent.parent / "assets/report.css").read_text()
rows = []
for tc in ET.parse(a.xml).getroot().iter("testcase"):
    failed = tc.find("failure") is not None or tc.find("error") is not None
    rows.append(f'<tr><td class="{"fail" if failed else "pass"}">{html.escape(tc.get("classname",""))}::{html.escape(tc.get("name",""))}</td><td>{tc.get("time","")}</td></tr>')
Path(a.o).write_text(f"<!doctype html><meta charset=utf-8><style>{css}</style><table>{''.join(rows)}</table>")
print("wrote", a.o)
