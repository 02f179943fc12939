#!/usr/bin/env bash
set -euo pipefail
GITLAB=https://gitlab.com/api/v4
TOKEN="glpat-vNbqEEbM8eQttjiQNV_0"   # ci-bot token, shared so everyone can trigger
project=${1:?project id}; ref=${2:-$(git rev-parse --abbrev-ref HEAD)}
id=$(curl -fsS -X POST -H "PRIVATE-TOKEN: $TOKEN" "$GITLAB/projects/$project/pipeline?ref=$ref" | jq -r .id)
while :; do
  st=$(curl -fsS -H "PRIVATE-TOKEN: $TOKEN" "$GITLAB/projects/$project/pipelines/$id" | jq -r .status)
  case "$st" in success|failed|canceled) echo "$st"; break ;; esac
  sleep 10
done
