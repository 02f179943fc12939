#!/usr/bin/env python3
import argparse
import csv
import json

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("--system-prompt", required=True)
a = ap.parse_args()
system = open(a.system_prompt, encoding="utf-8").read().strip()


def turn(role, text):
    return f"<|im_start|>{role}\n{text}<|im_end|>\n"


with open(a.src, newline="", encoding="utf-8") as fh:
    for row in csv.DictReader(fh):
        if "<|im_start|>" in row["question"] + row["answer"]:
            continue
        text = turn("system", system) + turn("user", row["question"]) + turn("assistant", row["answer"])
        print(json.dumps({"text": text}, ensure_ascii=False))
