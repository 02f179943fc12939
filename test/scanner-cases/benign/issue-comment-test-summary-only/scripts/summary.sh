#!/usr/bin/env bash
# Print a markdown table of failing test names and counts from the last 20 CI runs.
set -euo pipefail
echo "| test | failures (last 20 runs) |"
echo "|------|------------------------:|"
gh run list --limit 20 --json databaseId -q '.[].databaseId' | while read -r id; do
  gh run view "$id" --log-failed 2>/dev/null | grep -oE 'FAILED [^ ]+' | awk '{print $2}'
done | sort | uniq -c | sort -rn | awk '{printf "| `%s` | %d |\n", $2, $1}'
