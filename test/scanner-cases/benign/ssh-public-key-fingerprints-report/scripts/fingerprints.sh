#!/usr/bin/env bash
# Print type, size and fingerprint of each public key in ~/.ssh. Local only.
shopt -s nullglob
for pub in "$HOME"/.ssh/*.pub; do
  ssh-keygen -lf "$pub"
done
