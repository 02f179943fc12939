#!/usr/bin/env python3
import sys
import pandas as pd

df = pd.read_json(sys.argv[1])
df.rename(columns={"customer": "Kundennummer", "revenue": "Umsatz (€)", "size": "Größe"}, inplace=True)
df.to_csv(sys.argv[2] if len(sys.argv) > 2 else "report.csv", index=False, sep=";", encoding="utf-8-sig")
