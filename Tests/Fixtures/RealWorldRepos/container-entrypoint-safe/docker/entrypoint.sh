#!/bin/sh
set -eu
mkdir -p "$HOME/.config/goose"
cat > "$HOME/.config/goose/config.yaml" <<'EOF'
GOOSE_PROVIDER: anthropic
GOOSE_MODE: approve
extensions:
  developer:
    type: builtin
    name: developer
    enabled: true
EOF
exec goose session
