#!/bin/bash
TOKEN=$(gh auth token)
curl -s -H "Authorization: token $TOKEN" https://api.github.com/notifications | jq -r '.[].subject.title'
