"""The objects a template sees at the top level: ``.Chart``, ``.Release``, ``.Files``...

Helm v4 hands templates plain maps for ``.Chart`` and ``.Release`` (the chart's metadata
fields under their Go names, plus ``IsRoot``), a struct for ``.Capabilities`` and
engine.files for ``.Files``.
"""
from __future__ import annotations

from typing import Any

from helmpy.engine.files import Files
from helmpy.gotemplate.gotypes import Values


class StringMap(dict):
    """A Go ``map[string]string`` (chart annotations): typed, and ``null`` in JSON when nil."""

    __slots__ = ("is_nil",)
    go_type = "map[string]string"

    def __init__(self, items: dict[str, str] | None = None) -> None:
        super().__init__(items or {})
        self.is_nil = items is None


def _maintainers(meta: Any) -> list[Any]:
    return [
        {"Email": m.email or "", "Name": m.name or "", "URL": m.url or ""}
        for m in (meta.maintainers or [])
    ]


def _dependencies(meta: Any) -> list[Any]:
    out: list[Any] = []
    for dep in meta.dependencies or []:
        out.append({
            "Alias": dep.alias or "",
            "Condition": dep.condition or "",
            "Enabled": bool(dep.enabled),
            "ImportValues": list(dep.import_values or []),
            "Name": dep.name,
            "Repository": dep.repository or "",
            "Tags": list(dep.tags or []),
            "Version": dep.version or "",
        })
    return out


def chart_object(chart: Any) -> dict[str, Any]:
    """``.Chart``: the metadata as Helm v4 exposes it to templates."""
    meta = chart.metadata
    return {
        "APIVersion": meta.api_version or "",
        "Annotations": StringMap(meta.annotations or None),
        "AppVersion": meta.app_version or "",
        "Condition": meta.condition or "",
        "Dependencies": _dependencies(meta),
        "Deprecated": bool(meta.deprecated),
        "Description": meta.description or "",
        "Home": meta.home or "",
        "Icon": meta.icon or "",
        "IsRoot": chart.parent is None,
        "Keywords": list(meta.keywords or []),
        "KubeVersion": meta.kube_version or "",
        "Maintainers": _maintainers(meta),
        "Name": meta.name,
        "Sources": list(meta.sources or []),
        "Tags": meta.tags or "",
        "Type": meta.type or "",
        "Version": meta.version,
    }


def release_object(name: str, namespace: str, revision: int = 1, is_upgrade: bool = False,
                   service: str = "Helm") -> dict[str, Any]:
    """``.Release`` as Helm builds it for a render."""
    return {
        "IsInstall": not is_upgrade,
        "IsUpgrade": is_upgrade,
        "Name": name,
        "Namespace": namespace,
        "Revision": revision,
        "Service": service,
    }


def files_object(chart: Any) -> Files:
    return Files({f.name: f.data for f in chart.files})


def scope_values(parent_values: Any, name: str) -> Values:
    """The ``.Values`` of subchart ``name``: its table in the parent's values.

    The table is converted in place so the parent and the subchart share one map, as in Go
    where both are views of the same map (``set`` in one is seen by the other).
    """
    if isinstance(parent_values, dict):
        table = parent_values.get(name)
        if isinstance(table, Values):
            return table
        if isinstance(table, dict):
            shared = Values(table)
            parent_values[name] = shared
            return shared
    return Values()
