"""A release's live objects, as ``helm status`` gathers and prints them (kube Client.Get
with related Pods, and kubectl's table printer over server-side Tables)."""
from __future__ import annotations

from typing import Any

from helmpy.errors import HelmpyError
from helmpy.kube.client import KubeError
from helmpy.release.actions.apply import build
from helmpy.release.actions.base import ActionConfig
from helmpy.release.model import Release

RELATED_PODS = "v1/Pod(related)"
# Kinds whose pods Helm lists as related, and where their label selector sits.
_MATCH_LABELS = ("ReplicaSet", "Deployment", "DaemonSet", "StatefulSet", "Job",
                 "PodDisruptionBudget")
# kubectl's tabwriter: minimum cell width 6 (padding included), padding 3.
_MIN_WIDTH, _PADDING = 6, 3


def _selector(obj: dict[str, Any]) -> dict[str, str] | None:
    spec = obj.get("spec") or {}
    if obj.get("kind") == "ReplicationController":
        selector = spec.get("selector")
    elif obj.get("kind") in _MATCH_LABELS:
        selector = (spec.get("selector") or {}).get("matchLabels")
    else:
        return None
    return {str(k): str(v) for k, v in selector.items()} if isinstance(selector, dict) \
        else None


def collect(config: ActionConfig, rel: Release, as_table: bool) -> dict[str, list[Any]]:
    """``version/Kind`` -> live objects (or Tables), plus related Pods; objects that cannot
    be read are left out. Keys follow the manifest's order (Helm's follow a Go map's)."""
    try:
        resources = build(config.kube, rel.manifest, rel.namespace)
    except HelmpyError:
        return {}
    found: dict[str, list[Any]] = {}
    selectors: list[dict[str, str]] = []
    get_table = getattr(config.kube, "get_table", None)
    for res in resources:
        key = f"{res.info.version}/{res.kind}"
        try:
            if as_table and get_table is not None:
                obj = get_table(res.api_version, res.kind, res.name, res.namespace or None)
            else:
                obj = config.kube.get(res.api_version, res.kind, res.name,
                                      res.namespace or None)
        except KubeError:
            continue
        found.setdefault(key, []).append(obj)
        selector = _selector(res.obj)
        if not selector or selector in selectors:
            continue
        selectors.append(selector)
        labels = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
        try:
            if as_table and get_table is not None:
                pods = [get_table("v1", "Pod", "", res.namespace or None, labels)]
                pods = [t for t in pods if t.get("rows")]
            else:
                pods = config.kube.list("v1", "Pod", res.namespace or None,
                                        label_selector=labels)
        except KubeError:
            continue
        if pods:
            found.setdefault(RELATED_PODS, []).extend(pods)
    return found


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _tabwriter(lines: list[list[str]]) -> str:
    """Go's text/tabwriter as kubectl configures it (cells aligned, last cell unpadded)."""
    widths: dict[int, int] = {}
    for cells in lines:
        for i, cell in enumerate(cells[:-1]):
            widths[i] = max(widths.get(i, 0), max(len(cell) + _PADDING, _MIN_WIDTH))
    return "".join("".join(cell.ljust(widths[i]) if i < len(cells) - 1 else cell
                           for i, cell in enumerate(cells)) + "\n" for cells in lines)


class TablePrinter:
    """kubectl's HumanReadablePrinter for server-side Tables: a header only when the
    columns differ from the last table printed; each table aligned on its own."""

    def __init__(self) -> None:
        self.last_columns: list[Any] | None = None
        self.printed_headers = False

    def print(self, table: dict[str, Any]) -> str:
        columns = table.get("columnDefinitions") or []
        rows = table.get("rows") or []
        no_headers = self.printed_headers and (not columns or columns == self.last_columns)
        if not columns:
            columns = self.last_columns or []
        elif columns != self.last_columns:
            self.last_columns = columns
            self.printed_headers = False
        if rows:
            self.printed_headers = True
        shown = [i for i, c in enumerate(columns) if not c.get("priority")]
        lines: list[list[str]] = []
        if not no_headers:
            if not rows:
                return ""
            lines.append([str(columns[i].get("name", "")).upper() for i in shown])
        for row in rows:
            cells = row.get("cells") or []
            lines.append([_cell(cells[i]) if i < len(cells) else "" for i in shown])
        return _tabwriter(lines)


def resources_text(found: dict[str, list[Any]]) -> str:
    """Helm's RESOURCES block (empty when there is nothing to show)."""
    if not found:
        return ""
    printer = TablePrinter()
    out = []
    for key, tables in found.items():
        out.append(f"==> {key}\n")
        for table in tables:
            if table.get("kind") != "Table":
                out.append(f"failed to print object type {key}: not a table\n")
                continue
            out.append(printer.print(table))
        out.append("\n")
    return "RESOURCES:\n" + "".join(out) + "\n"
