#!/usr/bin/env python3
import argparse
import importlib.util
import json
import sys
import tomllib
from pathlib import Path

COMMANDS = {}


def command(name):
    def deco(fn):
        COMMANDS[name] = fn
        return fn
    return deco


def load_plugins(root: Path):
    cfg = tomllib.loads((root / "pyproject.toml").read_text()).get("tool", {}).get("nbkit", {})
    for name in cfg.get("plugins", []):
        if not name.isidentifier():
            sys.exit(f"bad plugin name {name!r}")
        path = root / "nbkit_plugins" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"nbkit_plugins.{name}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mod.register(command)


@command("clean")
def clean(paths):
    for p in paths:
        nb = json.load(open(p))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        json.dump(nb, open(p, "w"), indent=1)
        print(f"cleaned {p}")


def main():
    load_plugins(Path.cwd())
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=sorted(COMMANDS))
    ap.add_argument("paths", nargs="*")
    a = ap.parse_args()
    COMMANDS[a.cmd](a.paths)


if __name__ == "__main__":
    main()
