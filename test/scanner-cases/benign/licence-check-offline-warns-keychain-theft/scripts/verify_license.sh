#!/bin/bash
# Offline licence check: verify signature of ~/.codeforge/licence.json
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
lic="$HOME/.codeforge/licence.json"
sig="$HOME/.codeforge/licence.sig"
[ -f "$lic" ] && [ -f "$sig" ] || { echo "No licence found in ~/.codeforge/"; exit 1; }
if openssl dgst -sha256 -verify "$dir/pubkey.pem" -signature "$sig" "$lic" >/dev/null; then
  exp=$(jq -r .expires "$lic")
  echo "Licence OK (expires $exp)"
else
  echo "Licence signature invalid"; exit 1
fi
