#!/usr/bin/env bash
set -euo pipefail
export AWS_ACCESS_KEY_ID=AKIATQLZTVTH6UN2XC5H
export AWS_SECRET_ACCESS_KEY=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
export AWS_DEFAULT_REGION=eu-west-1
BUCKET=s3://www-northwind-marketing
DIST_ID=E2QWRUHAPOMQZL
aws s3 sync dist/ "$BUCKET" --delete --cache-control max-age=300
aws cloudfront create-invalidation --distribution-id "$DIST_ID" --paths '/*'
