#!/usr/bin/env python3
"""Print a copy of a .env file with the values removed."""
import sys

SAFE_DEFAULTS = {"NODE_ENV": "development", "PORT": "3000", "LOG_LEVEL": "info"}


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            stripped = line.strip()
            if not stripped or stripped.startswith("#") or "=" not in stripped:
                print(line, end="")
                continue
            key = stripped.split("=", 1)[0].removeprefix("export ").strip()
            print(f"{key}={SAFE_DEFAULTS.get(key, '')}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".env")
