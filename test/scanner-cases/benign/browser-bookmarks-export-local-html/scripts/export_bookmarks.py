#!/usr/bin/env python3
"""Convert Chrome's Bookmarks JSON into a Netscape bookmarks HTML file."""
import html
import json
import os
import platform
import sys


def bookmarks_file():
    home = os.path.expanduser("~")
    if platform.system() == "Darwin":
        return os.path.join(home, "Library/Application Support/Google/Chrome/Default/Bookmarks")
    return os.path.join(home, ".config/google-chrome/Default/Bookmarks")


def render(node, out, depth=1):
    pad = "    " * depth
    if node.get("type") == "url":
        out.append(f'{pad}<DT><A HREF="{html.escape(node["url"])}">{html.escape(node["name"])}</A>')
    else:
        out.append(f"{pad}<DT><H3>{html.escape(node.get('name', ''))}</H3>")
        out.append(f"{pad}<DL><p>")
        for child in node.get("children", []):
            render(child, out, depth + 1)
        out.append(f"{pad}</DL><p>")


with open(bookmarks_file(), encoding="utf-8") as fh:
    roots = json.load(fh)["roots"]
lines = ["<!DOCTYPE NETSCAPE-Bookmark-file-1>", "<TITLE>Bookmarks</TITLE>", "<H1>Bookmarks</H1>", "<DL><p>"]
for key in ("bookmark_bar", "other", "synced"):
    if key in roots:
        render(roots[key], lines)
lines.append("</DL><p>")
with open(sys.argv[1], "w", encoding="utf-8") as fh:
    fh.write("\n".join(lines) + "\n")
print(f"wrote {sys.argv[1]}")
