#!/usr/bin/env python3
"""CycloneDX 1.5 SBOM (JSON) of goose-audit's Swift package dependencies.

usage: sbom.py DEPENDENCIES_JSON VERSION [ARTIFACT]
DEPENDENCIES_JSON is `swift package show-dependencies --format json`; ARTIFACT, when given, is hashed
into metadata.component (the release tarball the SBOM describes).
"""
import hashlib
import json
import sys
import uuid


def purl(url: str, version: str) -> str:
    path = url.removeprefix("https://").removesuffix(".git")
    return f"pkg:swift/{path}@{version}"


def main() -> None:
    tree = json.load(open(sys.argv[1]))
    version = sys.argv[2]
    components, edges = {}, {}

    def visit(node):
        ref = purl(node["url"], node["version"]) if node.get("url", "").startswith("http") else None
        children = []
        for child in node.get("dependencies", []):
            child_ref = visit(child)
            if child_ref:
                children.append(child_ref)
        if ref and ref not in components:
            components[ref] = {
                "type": "library",
                "bom-ref": ref,
                "name": node["name"],
                "version": node["version"],
                "purl": ref,
                "externalReferences": [{"type": "vcs", "url": node["url"]}],
            }
        if ref:
            edges.setdefault(ref, set()).update(children)
        else:
            edges.setdefault("goose-audit", set()).update(children)
        return ref

    visit(tree)
    application = {"type": "application", "bom-ref": "goose-audit", "name": "goose-audit", "version": version,
                   "licenses": [{"license": {"id": "Apache-2.0"}}]}
    if len(sys.argv) > 3:
        digest = hashlib.sha256(open(sys.argv[3], "rb").read()).hexdigest()
        application["hashes"] = [{"alg": "SHA-256", "content": digest}]
    # The serial number is derived from the content, so the same release gives the same SBOM.
    serial = uuid.uuid5(uuid.NAMESPACE_URL, "goose-audit:" + version + ":" + ",".join(sorted(components)))
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{serial}",
        "version": 1,
        "metadata": {"component": application, "tools": {"components": [{"type": "application", "name": "goose-audit scripts/sbom.py"}]}},
        "components": [components[key] for key in sorted(components)],
        "dependencies": [{"ref": ref, "dependsOn": sorted(children)} for ref, children in sorted(edges.items())],
    }
    json.dump(bom, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
