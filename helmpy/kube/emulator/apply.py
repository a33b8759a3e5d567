"""Server-side apply with "managedFields-lite": which manager set which leaf field.

Ownership is tracked per object as manager -> (operation, set of leaf paths). Apply merges the
configuration into the live object, reports conflicts with other managers that set a field
to a different value (unless ``force``), and removes fields the applier owned before but
dropped from its configuration, when nobody else owns them. Unlike a real server there is no
schema: list-map keys come from the fixed table in :mod:`patch`, and sets, atomic structs and
``x-kubernetes-*`` markers are not modelled.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from helmpy.kube.emulator.errors import ApiError
from helmpy.kube.emulator.patch import (
    Path,
    apply_merge,
    fields_v1,
    leaf_paths,
    remove_path,
    value_at,
)
from helmpy.kube.emulator.resources import ResourceType
from helmpy.kube.emulator.store_time import now_rfc3339

_META_OWNED = ("labels", "annotations", "finalizers", "ownerReferences")


def owned_paths(body: dict[str, Any]) -> set[Path]:
    """Leaf paths a configuration sets, ignoring identity and server-managed metadata."""
    content = {k: v for k, v in body.items() if k not in ("apiVersion", "kind", "metadata")}
    meta = body.get("metadata") or {}
    content["metadata"] = {k: meta[k] for k in _META_OWNED if k in meta}
    if not content["metadata"]:
        del content["metadata"]
    return leaf_paths(content)


def changed_paths(old: dict[str, Any], new: dict[str, Any]) -> set[Path]:
    return {p for p in owned_paths(new) if value_at(old, p) != value_at(new, p)}


@dataclass
class Ownership:
    managers: dict[str, tuple[str, set[Path], str]] = field(default_factory=dict)

    def claim(self, manager: str, operation: str, paths: set[Path]) -> None:
        """``manager`` now owns ``paths`` (on top of what it had, for Update operations)."""
        if not paths and manager not in self.managers:
            return
        for other, (op, owned, stamp) in list(self.managers.items()):
            if other != manager:
                self.managers[other] = (op, owned - paths, stamp)
        previous = self.managers.get(manager, (operation, set(), ""))[1]
        merged = paths if operation == "Apply" else previous | paths
        self.managers[manager] = (operation, set(merged), now_rfc3339())
        self.managers = {m: v for m, v in self.managers.items() if v[1]}

    def render(self, api_version: str) -> list[dict[str, Any]]:
        return [{"manager": manager, "operation": op, "apiVersion": api_version,
                 "time": stamp, "fieldsType": "FieldsV1", "fieldsV1": fields_v1(paths)}
                for manager, (op, paths, stamp) in self.managers.items()]


def _display(path: Path) -> str:
    out = ""
    for step in path:
        if step.startswith("["):
            key, _, val = step[1:-1].partition("=")
            out += f'[{key}="{val}"]'
        else:
            out += "." + step
    return out


def _overlaps(a: Path, b: Path) -> bool:
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def server_side_apply(rt: ResourceType, name: str, live: dict[str, Any],
                      config: dict[str, Any], owned: Ownership, manager: str,
                      force: bool) -> tuple[dict[str, Any], Ownership]:
    applied = owned_paths(config)
    conflicts: dict[str, list[Path]] = {}
    for other, (_op, paths, _stamp) in owned.managers.items():
        if other == manager:
            continue
        for path in applied:
            if any(_overlaps(path, theirs) for theirs in paths) and \
                    value_at(live, path) != value_at(config, path):
                conflicts.setdefault(other, []).append(path)
    if conflicts and not force:
        count = sum(len(v) for v in conflicts.values())
        parts = []
        for other, paths in conflicts.items():
            lines = sorted(_display(p) for p in paths)
            if len(lines) == 1:
                parts.append(f'conflict with "{other}" using {rt.group_version}: {lines[0]}')
            else:
                parts.append(f'conflicts with "{other}" using {rt.group_version}:\n'
                             + "\n".join("- " + line for line in lines))
        noun = "conflict" if count == 1 else "conflicts"
        raise ApiError(409, "Conflict", f"Apply failed with {count} {noun}: " + "\n".join(parts),
                       {"name": name, "group": rt.group, "kind": rt.plural})
    new_owned = Ownership(copy.deepcopy(owned.managers))
    base = copy.deepcopy(live)
    base["metadata"].pop("managedFields", None)
    merged = apply_merge(base, {k: v for k, v in config.items() if k != "status"})
    previous = owned.managers.get(manager, ("Apply", set(), ""))[1]
    others: set[Path] = set()
    for other, (_op, paths, _stamp) in owned.managers.items():
        if other != manager:
            others |= paths
    for path in sorted(previous - applied, key=len, reverse=True):
        if path not in others and not any(_overlaps(path, a) for a in applied):
            remove_path(merged, path)
    new_owned.claim(manager, "Apply", applied)
    return merged, new_owned
