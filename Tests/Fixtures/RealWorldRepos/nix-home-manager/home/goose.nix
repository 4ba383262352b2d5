{ config, pkgs, ... }:
{
  home.sessionVariables = {
    GOOSE_MODE = "auto";
  };
  xdg.configFile."goose/config.yaml".text = ''
    GOOSE_PROVIDER: anthropic
    GOOSE_MODE: smart_approve
    extensions:
      acme:
        type: stdio
        cmd: /run/current-system/sw/bin/acme-mcp
        args: ["--api-key", "@@OPAQUE_HEX@@"]
        enabled: true
        available_tools: [search]
  '';
}
