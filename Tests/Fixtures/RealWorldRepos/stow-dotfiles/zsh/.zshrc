bindkey -e
