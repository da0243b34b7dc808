#!/usr/bin/env python3
"""Writes the ComputeClass CRD that TestComputeClass installs.

GKE installs the cloud.google.com/v1 ComputeClass CRD on every cluster and
publishes no manifest of it; its schema as GKE serves it is published in
datreeio/CRDs-catalog (cloud.google.com/computeclass_v1.json, a JSON schema
extracted from the CRD). That catalog adds "additionalProperties": false
to every object so that kubeconform refuses unknown fields; a CRD's
structural schema may not say so beside "properties" (the API server prunes
or, with strict field validation, refuses unknown fields itself), so those
are dropped and everything else is kept as published.

usage: hack/computeclass_crd.py CATALOG_JSON COMMIT > internal/e2e/testdata/computeclasses.cloud.google.com.yaml
"""
import json
import sys

import yaml


def structural(node):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "additionalProperties" and v is False:
                continue
            out[k] = structural(v)
        return out
    if isinstance(node, list):
        return [structural(v) for v in node]
    return node


def main():
    path, commit = sys.argv[1], sys.argv[2]
    with open(path) as f:
        schema = structural(json.load(f))
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "computeclasses.cloud.google.com"},
        "spec": {
            "group": "cloud.google.com",
            "names": {"kind": "ComputeClass", "listKind": "ComputeClassList", "plural": "computeclasses",
                      "singular": "computeclass", "shortNames": ["cc", "ccs"]},
            "scope": "Cluster",
            "versions": [{"name": "v1", "served": True, "storage": True,
                          "schema": {"openAPIV3Schema": schema}, "subresources": {"status": {}}}],
        },
    }
    print("# The ComputeClass CRD (cloud.google.com/v1) as GKE serves it: the schema from")
    print("# datreeio/CRDs-catalog cloud.google.com/computeclass_v1.json @%s" % commit)
    print("# (updated there 2026-08-02, PR #930; read 2026-12-04), wrapped in a CRD whose names")
    print("# and scope are GKE's (docs.cloud.google.com/kubernetes-engine/docs/reference/crds/computeclass,")
    print("# read 2026-12-04). Written by hack/computeclass_crd.py: only the catalog's")
    print("# additionalProperties: false markers are dropped (see there).")
    sys.stdout.write(yaml.safe_dump(crd, sort_keys=True, width=120))


main()
