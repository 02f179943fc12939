#!/usr/bin/env bash
set -euo pipefail
VER=v0.9.5
ARCH=$(uname -m | sed 's/aarch64/arm64/')
OS=$(uname -s | tr '[:upper:]' '[:lower:]')
case "$OS-$ARCH" in
  linux-x86_64) SHA=8b0a5b7dbd2f9d1d4c6f3b2a1e0f9c8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e ;;
  darwin-arm64) SHA=1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d ;;
  *) echo "unsupported $OS-$ARCH"; exit 1 ;;
esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
url="https://github.com/acme-eng-tools/kubectx-mirror/releases/download/${VER}/kubectx_${VER}_${OS}_${ARCH}.tar.gz"
curl --proto '=https' --tlsv1.2 -fsSL -o "$tmp/k.tgz" "$url"
echo "$SHA  $tmp/k.tgz" | sha256sum -c -
tar xzf "$tmp/k.tgz" -C "$tmp"
mkdir -p "$HOME/.local/bin"
install -m 755 "$tmp/kubectx" "$HOME/.local/bin/kubectx"
echo "installed kubectx $VER to ~/.local/bin"
