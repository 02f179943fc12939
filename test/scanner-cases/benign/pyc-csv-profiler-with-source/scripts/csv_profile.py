"""Profile a CSV file: column types, null counts and distinct values. Reads one file, prints a table."""
import csv
import sys


def kind(values):
    def is_num(v):
        try:
            float(v)
            return True
        except ValueError:
            return False
    filled = [v for v in values if v != ""]
    if filled and all(is_num(v) for v in filled):
        return "number"
    return "text"


def main(path):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        print("empty file")
        return
    print(f"{'column':24} {'type':8} {'nulls':>6} {'distinct':>9}")
    for col in rows[0].keys():
        vals = [r[col] for r in rows]
        print(f"{col:24} {kind(vals):8} {vals.count(''):>6} {len(set(vals)):>9}")
    print(f"{len(rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1])
