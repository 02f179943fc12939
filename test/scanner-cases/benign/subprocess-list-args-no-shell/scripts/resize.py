#!/usr/bin/env python3
"""Resize images with ImageMagick without going through a shell."""
import argparse
import pathlib
import subprocess


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=pathlib.Path)
    ap.add_argument("--widths", type=int, nargs="+", required=True)
    ap.add_argument("--format", choices=["webp", "jpg", "png"], default="webp")
    args = ap.parse_args()
    out = args.folder / "resized"
    out.mkdir(exist_ok=True)
    for src in sorted(args.folder.iterdir()):
        if src.suffix.lower() not in {".jpg", ".jpeg", ".png", ".webp"}:
            continue
        for w in args.widths:
            dst = out / f"{src.stem}-{w}.{args.format}"
            # list form: the file name is one argv element, never parsed by a shell
            subprocess.run(["magick", str(src), "-resize", f"{w}x", str(dst)], check=True)
            print(dst)


if __name__ == "__main__":
    main()
