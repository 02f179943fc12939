#!/usr/bin/env bash
# Local-only profiling helper. Writes profile-<pid>.svg in the current dir.
set -euo pipefail
pid="${1:?usage: profile.sh <pid> [seconds]}"
secs="${2:-30}"
cmd=$(ps -o comm= -p "$pid")
case "$cmd" in
  python*) py-spy record -o "profile-$pid.svg" --pid "$pid" --duration "$secs" ;;
  *)
    echo "perf needs sudo; you will be asked for your password."
    sudo perf record -F 99 -g -p "$pid" -- sleep "$secs"
    sudo perf script | stackcollapse-perf.pl | flamegraph.pl > "profile-$pid.svg"
    ;;
esac
echo "wrote profile-$pid.svg"
