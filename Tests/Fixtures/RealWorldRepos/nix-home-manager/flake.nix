{
  outputs = { self, nixpkgs, home-manager }: { };
}
