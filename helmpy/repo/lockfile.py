"""Dependency declarations and lock files (Chart.lock / requirements.lock), with Helm's digest.

The lock digest is Helm's ``resolver.HashReq``: sha256 over the Go JSON encoding of the pair
``[requested dependencies, locked dependencies]``, so a lock written by either tool is accepted
by the other.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helmpy.errors import HelmpyError
from helmpy.repo.index import atomic_write, go_time_now
from helmpy.repoformat import yamlio

_GO_FIELD_ORDER = ("name", "version", "repository", "condition", "tags", "enabled",
                   "import-values", "alias", "depends-on")


@dataclass
class ChartDeps:
    """What the dependency commands need from an unpacked chart."""

    path: Path
    api_version: str
    requested: list[dict[str, Any]]
    lock: dict[str, Any] | None
    raw_chart: dict[str, Any] = field(default_factory=dict)

    @property
    def legacy(self) -> bool:
        return self.api_version == "v1"

    @property
    def lock_path(self) -> Path:
        return self.path / ("requirements.lock" if self.legacy else "Chart.lock")


def load_chart_deps(chart_dir: Path) -> ChartDeps:
    """Dependencies and lock of an unpacked chart, through the chart loader (Helm's LoadDir)."""
    from helmpy.chart import loader

    if not chart_dir.exists():
        raise HelmpyError(f"could not find {chart_dir}: stat {chart_dir}: no such file or "
                          "directory")
    if not chart_dir.is_dir():
        raise HelmpyError("only unpacked charts can be updated")
    chart = loader.load_dir(str(chart_dir))
    md = chart.metadata
    requested = [d.to_json_dict() for d in md.dependencies]
    lock = None
    if chart.lock is not None:
        lock = {"digest": chart.lock.digest, "generated": chart.lock.generated,
                "dependencies": [d.to_json_dict() for d in chart.lock.dependencies]}
    return ChartDeps(chart_dir, md.api_version or "v1", requested, lock, md.to_json_dict())


def _go_json(value: Any) -> str:
    """encoding/json.Marshal: compact, UTF-8, with <, > and & escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _ordered(dep: dict[str, Any]) -> dict[str, Any]:
    out = {key: dep[key] for key in _GO_FIELD_ORDER if key in dep}
    out.setdefault("name", "")
    out.setdefault("repository", "")
    return {key: out[key] for key in _GO_FIELD_ORDER if key in out}


def _sorted_maps(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_maps(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_maps(v) for v in value]
    return value


def hash_req(requested: list[dict[str, Any]], locked: list[dict[str, Any]] | None) -> str:
    """Helm's resolver.HashReq."""
    req = [_ordered({**d, **({"import-values": _sorted_maps(d["import-values"])}
                              if "import-values" in d else {})}) for d in requested]
    lock = None if locked is None else [_ordered(d) for d in locked]
    payload = _go_json([req, lock])
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def locked_entry(name: str, repository: str, version: str) -> dict[str, Any]:
    entry = {"name": name, "repository": repository}
    if version:
        entry["version"] = version
    return entry


def write_lock(deps: ChartDeps, locked: list[dict[str, Any]], digest: str) -> None:
    """Write Chart.lock/requirements.lock; never through a symbolic link."""
    target = deps.lock_path
    if target.is_symlink():
        raise HelmpyError(f"cannot write lock file: {target} is a symlink")
    doc = {"dependencies": [_ordered(d) for d in locked], "digest": digest,
           "generated": go_time_now()}
    atomic_write(target, yamlio.dump(doc).encode("utf-8"), 0o644)
