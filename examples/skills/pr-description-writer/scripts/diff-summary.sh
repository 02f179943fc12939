#!/bin/sh
# Summarise the current branch against a base branch for writing a PR description.
# Read-only: it runs git log and git diff and changes nothing.
#
# Usage: sh scripts/diff-summary.sh [base-branch]   (default: main)
set -eu

base="${1:-main}"

if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "error: not inside a git repository" >&2
  exit 1
fi
if ! git rev-parse --verify --quiet "$base" >/dev/null; then
  echo "error: base branch '$base' not found; pass it as the first argument" >&2
  exit 1
fi

merge_base="$(git merge-base "$base" HEAD)"
branch="$(git rev-parse --abbrev-ref HEAD)"
short_base="$(git rev-parse --short "$merge_base")"

echo "== Branch: $branch (against $base, merge base $short_base)"
echo
echo "== Commits"
git log --no-merges --format='- %s (%h)' "$merge_base..HEAD"
echo
echo "== Files changed (added/removed lines)"
git diff --numstat "$merge_base" HEAD | awk '{ printf "%6s %6s  %s\n", "+" $1, "-" $2, $3 }'
echo
echo "== Totals"
git diff --shortstat "$merge_base" HEAD
echo

files="$(git diff --name-only "$merge_base" HEAD)"
flagged=0
flag() {
  matches="$(printf '%s\n' "$files" | grep -E "$2" || true)"
  if [ -n "$matches" ]; then
    flagged=1
    echo "[$1]"
    printf '%s\n' "$matches" | sed 's/^/  /'
  fi
}

echo "== Needs a mention in the description"
flag "migrations" '(^|/)(migrations?|migrate)/'
flag "dependency manifests" '(^|/)(package\.json|package-lock\.json|pnpm-lock\.yaml|go\.mod|requirements[^/]*\.txt|pyproject\.toml|Cargo\.toml)$'
flag "ci and build config" '(^|/)(\.github/workflows/|Dockerfile|Makefile|\.gitlab-ci\.yml)'
flag "public api or schema" '(openapi|swagger|\.proto$|schema\.(graphql|json)$)'

deleted_tests="$(git diff --diff-filter=D --name-only "$merge_base" HEAD | grep -E '(test|spec)' || true)"
if [ -n "$deleted_tests" ]; then
  flagged=1
  echo "[deleted test files]"
  printf '%s\n' "$deleted_tests" | sed 's/^/  /'
fi
if [ "$flagged" -eq 0 ]; then
  echo "(nothing special: no migrations, manifests, CI config, API schemas or deleted tests)"
fi
