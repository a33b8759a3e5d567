"""Rendering a chart for a release: cluster-backed ``lookup``, the cluster's version, and
the rendered manifest, hooks and notes in the form a release record keeps."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from helmpy.kube.client import KubeClient, KubeError, NotFoundError
from helmpy.release.model import Hook


def plain_values(values: Any) -> dict[str, Any]:
    """User values as plain JSON data (Go-typed scalars become Python ones)."""
    from helmpy.goyaml import gojson

    if not values:
        return {}
    result: dict[str, Any] = json.loads(gojson.dumps(values, escape_html=False))
    return result


def cluster_lookup(kube: KubeClient) -> Any:
    """Helm's ``lookup``: one object by name, or a List of them; ``{}`` when absent."""
    def lookup(api_version: str, kind: str, namespace: str, name: str) -> dict[str, Any]:
        try:
            info = kube.resource_info(api_version, kind)
        except NotFoundError:
            return {}
        ns = namespace if info.namespaced else None
        try:
            if name:
                return kube.get(api_version, kind, name, ns)
            items = kube.list(api_version, kind, ns, all_namespaces=info.namespaced
                              and not namespace)
        except NotFoundError:
            return {}
        except KubeError:
            raise
        return {"apiVersion": api_version, "kind": kind + "List", "metadata": {},
                "items": items}

    return lookup


def cluster_capabilities(kube: KubeClient) -> Any:
    """Helm's capabilities for install/upgrade: the server's version and API versions.

    None when the server cannot say (the defaults of ``helmpy template`` apply then).
    """
    from helmpy.engine.capabilities import (
        Capabilities,
        KubeVersion,
        VersionSet,
        parse_kube_version,
    )

    try:
        version = kube.server_version()
    except KubeError:
        return None
    git_version = str(version.get("gitVersion") or "")
    if not git_version:
        return None
    parsed = parse_kube_version(git_version)
    kube_version = KubeVersion(git_version, str(version.get("major") or parsed.Major),
                               str(version.get("minor") or parsed.Minor))
    discover = getattr(kube, "api_versions", None)
    if discover is None:
        from helmpy.engine.capabilities import make_capabilities

        return make_capabilities(git_version)
    try:
        versions = discover()
    except KubeError:
        return None
    return Capabilities(kube_version, VersionSet(versions))


@dataclass
class Rendered:
    manifest: str
    hooks: list[Hook]
    notes: str
    crds: list[Any]
    chart: Any
    text_for_dry_run: str = ""


def render_release(chart: Any, *, name: str, namespace: str, values: dict[str, Any],
                   revision: int, is_upgrade: bool, kube: KubeClient | None,
                   render_subchart_notes: bool = False, enable_dns: bool = False,
                   skip_schema_validation: bool = False, kube_version: str | None = None,
                   post_renderer: Any = None) -> Rendered:
    """Render as Helm's renderResources does for install/upgrade (lookup on the cluster)."""
    from helmpy.engine.pipeline import render

    lookup = cluster_lookup(kube) if kube is not None else None
    capabilities = cluster_capabilities(kube) if kube is not None and not kube_version \
        else None
    result = render(chart, release=name, namespace=namespace, values=values,
                    revision=revision, is_upgrade=is_upgrade, lookup=lookup,
                    kube_version=kube_version, capabilities=capabilities,
                    enable_dns=enable_dns,
                    skip_schema_validation=skip_schema_validation,
                    render_subchart_notes=render_subchart_notes)
    manifest = result.manifest
    if post_renderer is not None:
        manifest = post_renderer(manifest)
    hooks = [Hook(name=h.name, kind=h.kind, path=h.path, manifest=h.manifest,
                  events=list(h.events), weight=h.weight,
                  delete_policies=list(h.delete_policies),
                  output_log_policies=list(h.output_log_policies)) for h in result.hooks]
    return Rendered(manifest=manifest, hooks=hooks, notes=result.notes, crds=result.crds,
                    chart=result.chart)
