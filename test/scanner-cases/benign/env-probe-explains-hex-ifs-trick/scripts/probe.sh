#!/usr/bin/env bash
echo "os:     $(uname -srm)"
echo "shell:  $SHELL ($BASH_VERSION)"
echo "path:   $(echo "$PATH" | tr ':' '\n' | wc -l) entries"
for t in node python3 go java docker git; do
  printf "%-7s %s\n" "$t:" "$(command -v "$t" >/dev/null && "$t" --version 2>&1 | head -1 || echo missing)"
done
