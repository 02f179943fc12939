#!/usr/bin/env bash
# Local project backup; nothing leaves the machine.
set -euo pipefail
root=$(git rev-parse --show-toplevel)
name=$(basename "$root")
mkdir -p "$HOME/Backups"
out="$HOME/Backups/${name}-$(date +%Y%m%d-%H%M%S).tar.gz"
git -C "$root" ls-files -co --exclude-standard -z | tar czf "$out" -C "$root" --null -T -
echo "backup: $out"
echo "restore: mkdir /tmp/restore && tar xzf '$out' -C /tmp/restore"
