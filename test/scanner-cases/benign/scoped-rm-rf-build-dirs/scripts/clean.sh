#!/usr/bin/env bash
set -euo pipefail
if [[ ! -f package.json && ! -f pyproject.toml ]]; then
  echo "not a project root; refusing to clean" >&2
  exit 1
fi
for dir in ./dist ./build ./.next ./coverage ./.pytest_cache; do
  if [[ -d "$dir" ]]; then
    rm -rf -- "$dir"
    echo "removed $dir"
  fi
done
