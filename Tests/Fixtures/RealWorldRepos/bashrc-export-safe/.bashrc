# ~/.bashrc
[ -z "$PS1" ] && return
export EDITOR=vim
export GOOSE_PROVIDER=anthropic
export GOOSE_MODE=smart_approve
alias gs='goose session'
