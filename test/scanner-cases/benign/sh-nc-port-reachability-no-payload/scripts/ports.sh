#!/usr/bin/env bash
set -euo pipefail
file=${1:-docker-compose.yml}
docker compose -f "$file" config --format json \
  | jq -r '.services | to_entries[] | .key as $s | (.value.ports // [])[] | "\($s) \(.published)"' \
  | while read -r svc port; do
      if nc -z -w 2 localhost "$port" 2>/dev/null; then state=open; else state=closed; fi
      printf '%-20s %-6s %s\n' "$svc" "$port" "$state"
    done
