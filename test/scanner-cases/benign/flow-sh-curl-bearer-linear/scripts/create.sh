#!/usr/bin/env bash
set -euo pipefail
TITLE="$1"
curl -sS https://api.linear.app/graphql \
  -H "Authorization: $LINEAR_API_KEY" \
  -H "Content-Type: application/json" \
  -d "{\"query\": \"mutation { issueCreate(input: {title: \\\"$TITLE\\\", teamId: \\\"ENG\\\"}) { success } }\"}"
