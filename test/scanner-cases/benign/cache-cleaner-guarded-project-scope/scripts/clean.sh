#!/usr/bin/env bash
set -euo pipefail
target="$(cd "${1:?usage: clean.sh <project-dir>}" && pwd -P)"
case "$target" in
  /|"$HOME"|"$HOME/") echo "refusing to clean $target" >&2; exit 1 ;;
esac
if [ ! -f "$target/package.json" ] && [ ! -f "$target/pyproject.toml" ] && [ ! -f "$target/go.mod" ]; then
  echo "$target does not look like a project directory" >&2; exit 1
fi
before=$(du -sk "$target" | cut -f1)
for d in node_modules .pytest_cache __pycache__ dist build .turbo .next .parcel-cache; do
  find "$target" -type d -name "$d" -prune -print0 | while IFS= read -r -d '' p; do
    rm -rf -- "${p:?}"
  done
done
after=$(du -sk "$target" | cut -f1)
echo "freed $(( (before-after)/1024 )) MB in $target"
