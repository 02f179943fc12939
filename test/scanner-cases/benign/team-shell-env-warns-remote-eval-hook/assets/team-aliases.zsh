alias k=kubectl
alias gs='git status -sb'
alias gl='git log --oneline -20'
team-help() { alias | grep -E '^(k|gs|gl)=' }
