# shell_init.sh - source-able snippets; copy the ones you need into your rc file.

# Homebrew (Apple Silicon path first, then Intel, then Linuxbrew)
for b in /opt/homebrew/bin/brew /usr/local/bin/brew /home/linuxbrew/.linuxbrew/bin/brew; do
  if [ -x "$b" ]; then eval "$("$b" shellenv)"; break; fi
done

# pyenv
if command -v pyenv >/dev/null 2>&1; then
  export PYENV_ROOT="$HOME/.pyenv"
  eval "$(pyenv init -)"
fi

# direnv (bash and zsh)
if command -v direnv >/dev/null 2>&1; then
  eval "$(direnv hook "$(basename "$SHELL")")"
fi

# ssh-agent: start one if none is reachable
if [ -z "${SSH_AUTH_SOCK:-}" ] || ! ssh-add -l >/dev/null 2>&1; then
  eval "$(ssh-agent -s)" >/dev/null
fi
