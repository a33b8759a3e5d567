"""``get values|manifest|notes|hooks|metadata|all``: what a stored revision holds."""
from __future__ import annotations

import copy
from typing import Any

from helmpy.release.actions.base import ActionConfig
from helmpy.release.actions.status import release_content
from helmpy.release.model import Release, format_go_time, parse_go_time


def get_release(config: ActionConfig, name: str, revision: int = 0) -> Release:
    return release_content(config, name, revision)


def computed_values(rel: Release) -> dict[str, Any]:
    """Helm's CoalesceValues(rel.Chart, rel.Config): chart defaults under user values."""
    from helmpy.values.coalesce import coalesce_tables

    chart_values = copy.deepcopy((rel.chart or {}).get("values") or {})
    return coalesce_tables(copy.deepcopy(rel.config or {}), chart_values) or {}


def get_values(config: ActionConfig, name: str, revision: int = 0,
               all_values: bool = False) -> dict[str, Any] | None:
    """User-supplied values (None when the revision stores none), or computed ones."""
    rel = get_release(config, name, revision)
    if all_values:
        return computed_values(rel)
    return rel.config or None


def rfc3339(text: str) -> str:
    """Go's time.RFC3339 layout: whole seconds, ``Z`` or the offset."""
    moment = parse_go_time(text)
    if moment is None:
        return "0001-01-01T00:00:00Z"
    return format_go_time(moment.replace(microsecond=0), 0)


def metadata(rel: Release) -> dict[str, Any]:
    """Helm's get metadata element, in its JSON field order."""
    meta = rel.chart_metadata
    info = rel.info
    result: dict[str, Any] = {
        "name": rel.name, "chart": meta.get("name", ""), "version": meta.get("version", ""),
        "appVersion": meta.get("appVersion", "")}
    if meta.get("annotations"):
        result["annotations"] = meta["annotations"]
    if rel.labels:
        result["labels"] = rel.labels
    if meta.get("dependencies"):
        result["dependencies"] = meta["dependencies"]
    result.update({"namespace": rel.namespace, "revision": rel.version,
                   "status": info.status if info else "",
                   "deployedAt": rfc3339(info.last_deployed if info else ""),
                   "applyMethod": rel.apply_method})
    return result
