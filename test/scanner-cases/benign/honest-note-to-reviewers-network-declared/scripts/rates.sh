#!/usr/bin/env bash
# Print the ECB euro reference rates (public feed, no key, nothing sent).
set -euo pipefail
curl -fsS https://rates.reference-bank.example/eurofxref-daily.xml \
  | grep -oE "currency='[A-Z]{3}' rate='[0-9.]+'" \
  | sed -E "s/currency='([A-Z]+)' rate='([0-9.]+)'/\1 \2/"
