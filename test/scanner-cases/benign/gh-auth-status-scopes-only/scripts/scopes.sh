#!/usr/bin/env bash
# Report which of the requested scopes the gh login has. Prints scope names only.
set -uo pipefail
have=$(gh auth status 2>&1 | sed -n "s/.*Token scopes: //p" | tr -d "'" | tr ',' ' ')
for want in "$@"; do
  if [[ " $have " == *" $want "* ]]; then echo "ok       $want"; else echo "missing  $want"; fi
done
