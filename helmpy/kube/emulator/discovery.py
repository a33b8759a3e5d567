"""Discovery documents (legacy, non-aggregated format) and the version endpoint."""
from __future__ import annotations

from typing import Any

from helmpy.kube.emulator.resources import ResourceRegistry

SERVER_VERSION = {"major": "1", "minor": "33", "gitVersion": "v1.33.0-helmpy-emulator",
                  "gitCommit": "0000000000000000000000000000000000000000",
                  "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z",
                  "goVersion": "go1.24.0", "compiler": "gc", "platform": "linux/amd64"}
# Subresources that accept only some verbs.
SUBRESOURCE_VERBS = {"status": ["get", "patch", "update"], "scale": ["get", "patch", "update"],
                     "log": ["get"], "exec": ["create", "get"], "eviction": ["create"],
                     "token": ["create"]}


def core_versions(address: str) -> dict[str, Any]:
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                            "serverAddress": address}]}


def _group_doc(name: str, versions: list[str]) -> dict[str, Any]:
    entries = [{"groupVersion": f"{name}/{v}", "version": v} for v in versions]
    return {"name": name, "versions": entries, "preferredVersion": entries[0]}


def group_list(registry: ResourceRegistry) -> dict[str, Any]:
    groups = [_group_doc(name, versions)
              for name, versions in registry.group_versions().items() if name]
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def group(registry: ResourceRegistry, name: str) -> dict[str, Any] | None:
    versions = registry.group_versions().get(name)
    if not versions or not name:
        return None
    return {"kind": "APIGroup", "apiVersion": "v1", **_group_doc(name, versions)}


def resource_list(registry: ResourceRegistry, group_name: str,
                  version: str) -> dict[str, Any] | None:
    types = [rt for rt in registry.all() if rt.group == group_name and rt.version == version]
    if not types:
        return None
    resources: list[dict[str, Any]] = []
    for rt in types:
        entry: dict[str, Any] = {"name": rt.plural, "singularName": rt.singular,
                                 "namespaced": rt.namespaced, "kind": rt.kind,
                                 "verbs": list(rt.verbs)}
        if rt.short_names:
            entry["shortNames"] = list(rt.short_names)
        resources.append(entry)
        for sub in rt.subresources:
            resources.append({"name": f"{rt.plural}/{sub}", "singularName": "",
                              "namespaced": rt.namespaced, "kind": rt.kind,
                              "verbs": SUBRESOURCE_VERBS.get(sub, ["get"])})
    group_version = f"{group_name}/{version}" if group_name else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version,
            "resources": resources}
