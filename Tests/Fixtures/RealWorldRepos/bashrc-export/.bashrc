# ~/.bashrc
[ -z "$PS1" ] && return
export EDITOR=vim
export GOOSE_PROVIDER=anthropic
export GOOSE_MODE=auto
export GOOSE_DISABLE_KEYRING=yes
alias gs='goose session'
