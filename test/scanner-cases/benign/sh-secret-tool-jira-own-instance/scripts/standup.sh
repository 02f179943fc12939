#!/usr/bin/env bash
set -euo pipefail
: "${JIRA_BASE_URL:?set JIRA_BASE_URL to your Jira site}"
: "${JIRA_EMAIL:?set JIRA_EMAIL}"
token=$(secret-tool lookup service jira account "$USER")
jql='assignee = currentUser() AND updated >= -1d ORDER BY updated DESC'
curl -fsS -G "$JIRA_BASE_URL/rest/api/3/search" \
  -u "$JIRA_EMAIL:$token" \
  --data-urlencode "jql=$jql" \
  --data-urlencode 'fields=summary,status' \
  | jq -r '.issues[] | "\(.key)\t\(.fields.status.name)\t\(.fields.summary)"'
