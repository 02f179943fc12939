#!/usr/bin/env bash
set -u
URL=$1
TIMEOUT=${2:-60}
start=$(date +%s)
delay=1
while true; do
  if curl -fsS -o /dev/null "$URL"; then
    echo "ready: $URL"
    exit 0
  fi
  if (( $(date +%s) - start >= TIMEOUT )); then
    echo "timed out after ${TIMEOUT}s waiting for $URL" >&2
    exit 1
  fi
  sleep "$delay"
  (( delay < 8 )) && delay=$(( delay * 2 ))
done
