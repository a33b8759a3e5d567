"""Just enough OpenAPI v3 for clients to decide how to validate.

kubectl-style clients (Helm among them) ask OpenAPI v3 whether a kind's PATCH operation takes
the ``fieldValidation`` query parameter; when it does they leave validation to the server and
skip client-side schema checks. The emulator advertises the parameter for every kind but does
not validate field names itself, and publishes no schemas.
"""
from __future__ import annotations

import hashlib
from typing import Any

from helmpy.kube.emulator.resources import ResourceRegistry, ResourceType


def _gv_path(group: str, version: str) -> str:
    return f"apis/{group}/{version}" if group else f"api/{version}"


def v3_root(registry: ResourceRegistry) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for group, versions in registry.group_versions().items():
        for version in versions:
            gv = _gv_path(group, version)
            kinds = ",".join(sorted(rt.kind for rt in registry.all()
                                    if (rt.group, rt.version) == (group, version)))
            digest = hashlib.sha256(kinds.encode()).hexdigest()[:32].upper()
            paths[gv] = {"serverRelativeURL": f"/openapi/v3/{gv}?hash={digest}"}
    return {"paths": paths}


def _item_path(rt: ResourceType) -> str:
    base = "/" + _gv_path(rt.group, rt.version)
    if rt.namespaced:
        return f"{base}/namespaces/{{namespace}}/{rt.plural}/{{name}}"
    return f"{base}/{rt.plural}/{{name}}"


def v3_group_version(registry: ResourceRegistry, gv_path: str) -> dict[str, Any] | None:
    paths: dict[str, Any] = {}
    for rt in registry.all():
        if _gv_path(rt.group, rt.version) != gv_path:
            continue
        gvk = {"group": rt.group, "version": rt.version, "kind": rt.kind}
        parameters = [{"name": name, "in": "query", "schema": {"type": "string"},
                       "uniqueItems": True}
                      for name in ("dryRun", "fieldManager", "fieldValidation", "force")]
        operation = {"operationId": f"patch{rt.kind}", "x-kubernetes-action": "patch",
                     "x-kubernetes-group-version-kind": gvk, "parameters": parameters,
                     "responses": {"200": {"description": "OK"}}}
        paths[_item_path(rt)] = {"patch": operation}
    if not paths:
        return None
    return {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.33.0"},
            "paths": paths, "components": {"schemas": {}}}
