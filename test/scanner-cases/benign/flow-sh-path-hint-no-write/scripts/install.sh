#!/usr/bin/env bash
mkdir -p "$HOME/.local/bin"
cp ./bin/tool "$HOME/.local/bin/tool"
echo "Add this line to ~/.bashrc:"
echo '  export PATH="$HOME/.local/bin:$PATH"'
