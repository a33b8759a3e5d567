"""Patch formats the emulator accepts: JSON merge patch (RFC 7386), JSON patch (RFC 6902),
an approximation of strategic merge patch, and the merge step of server-side apply.

Strategic merge is approximated: lists of objects merge by a key chosen from a fixed table of
well-known Kubernetes field names (``containers`` by ``name``, ``volumeMounts`` by
``mountPath``, ``ports`` by ``containerPort``/``port``...); every other list is replaced. The
directives ``$patch: delete|replace`` and ``$deleteFromPrimitiveList/<field>`` are honoured,
``$setElementOrder/<field>`` and ``$retainKeys`` are accepted and ignored. The OpenAPI
``x-kubernetes-patch-merge-key`` extensions of a real server are not consulted.
"""
from __future__ import annotations

import copy
from typing import Any

# Field name -> candidate merge keys, first one present in every element wins.
MERGE_KEYS: dict[str, tuple[str, ...]] = {
    "containers": ("name",),
    "initContainers": ("name",),
    "ephemeralContainers": ("name",),
    "volumes": ("name",),
    "env": ("name",),
    "imagePullSecrets": ("name",),
    "volumeMounts": ("mountPath",),
    "volumeDevices": ("devicePath",),
    "ports": ("containerPort", "port"),
    "hostAliases": ("ip",),
    "conditions": ("type",),
    "ownerReferences": ("uid",),
    "topologySpreadConstraints": ("topologyKey",),
}
# Lists of scalars that strategic merge treats as sets.
MERGED_SCALAR_LISTS = {"finalizers"}


class PatchError(ValueError):
    """A patch that cannot be applied (HTTP 422 or 400)."""


def merge_key_for(field_name: str, items: list[Any]) -> str | None:
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    for key in MERGE_KEYS.get(field_name, ()):
        if all(key in item for item in items):
            return key
    return None


# --- JSON merge patch ------------------------------------------------------------------

def json_merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = json_merge_patch(result.get(key), value)
    return result


# --- JSON patch --------------------------------------------------------------------------

def _pointer(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"invalid JSON pointer: {path}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _parent(doc: Any, parts: list[str]) -> Any:
    node = doc
    for part in parts[:-1]:
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise PatchError("doc is missing path: /" + "/".join(parts))
    return node


def _get(doc: Any, parts: list[str]) -> Any:
    node = _parent(doc, parts)
    if not parts:
        return doc
    last = parts[-1]
    try:
        return node[int(last)] if isinstance(node, list) else node[last]
    except (KeyError, IndexError, ValueError) as err:
        raise PatchError("doc is missing path: /" + "/".join(parts)) from err


def _remove(doc: Any, parts: list[str]) -> Any:
    node = _parent(doc, parts)
    last = parts[-1]
    try:
        return node.pop(int(last)) if isinstance(node, list) else node.pop(last)
    except (KeyError, IndexError, ValueError) as err:
        raise PatchError("doc is missing path: /" + "/".join(parts)) from err


def _add(doc: Any, parts: list[str], value: Any) -> Any:
    if not parts:
        return value
    node = _parent(doc, parts)
    last = parts[-1]
    if isinstance(node, list):
        if last == "-":
            node.append(value)
        else:
            node.insert(int(last), value)
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise PatchError("doc is missing path: /" + "/".join(parts))
    return doc


def json_patch(target: Any, operations: Any) -> Any:
    if not isinstance(operations, list):
        raise PatchError("json patch must be a list of operations")
    doc = copy.deepcopy(target)
    for op in operations:
        kind = op.get("op")
        parts = _pointer(op.get("path", ""))
        if kind == "add":
            doc = _add(doc, parts, copy.deepcopy(op.get("value")))
        elif kind == "remove":
            _remove(doc, parts)
        elif kind == "replace":
            if not parts:
                doc = copy.deepcopy(op.get("value"))
            else:
                _remove(doc, parts)
                doc = _add(doc, parts, copy.deepcopy(op.get("value")))
        elif kind in ("move", "copy"):
            source = _pointer(op.get("from", ""))
            value = _remove(doc, source) if kind == "move" else copy.deepcopy(_get(doc, source))
            doc = _add(doc, parts, value)
        elif kind == "test":
            if _get(doc, parts) != op.get("value"):
                raise PatchError("testing value " + op.get("path", "") + " failed")
        else:
            raise PatchError(f"Unexpected kind: {kind}")
    return doc


# --- strategic merge patch (approximation) -----------------------------------------------

def _merge_list(field_name: str, live: list[Any], patch: list[Any],
                deletes: list[Any]) -> list[Any]:
    if any(isinstance(p, dict) and p.get("$patch") == "replace" for p in patch):
        return [p for p in patch if not (isinstance(p, dict) and "$patch" in p)]
    if field_name in MERGED_SCALAR_LISTS and all(not isinstance(v, dict) for v in patch):
        merged = [v for v in live if v not in deletes]
        merged.extend(v for v in patch if v not in merged)
        return merged
    key = merge_key_for(field_name, [p for p in patch if isinstance(p, dict)] or [{}])
    if key is None or not all(isinstance(item, dict) and key in item for item in live):
        return [strategic_merge({}, p) if isinstance(p, dict) else p for p in patch]
    result = copy.deepcopy(live)
    for item in patch:
        position = next((i for i, cur in enumerate(result) if cur.get(key) == item.get(key)),
                        None)
        if item.get("$patch") == "delete":
            if position is not None:
                result.pop(position)
            continue
        if position is None:
            result.append(strategic_merge({}, item))
        else:
            result[position] = strategic_merge(result[position], item)
    return result


def strategic_merge(live: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if patch.get("$patch") == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    if patch.get("$patch") == "delete":
        return None
    result = copy.deepcopy(live) if isinstance(live, dict) else {}
    deletes: dict[str, list[Any]] = {}
    for key, value in patch.items():
        if key.startswith("$deleteFromPrimitiveList/"):
            deletes[key.split("/", 1)[1]] = list(value or [])
    for key, value in patch.items():
        if key.startswith("$"):
            continue
        if value is None:
            result.pop(key, None)
        elif isinstance(value, list) and isinstance(result.get(key), list):
            result[key] = _merge_list(key, result[key], value, deletes.get(key, []))
        elif isinstance(value, list):
            result[key] = [strategic_merge({}, v) if isinstance(v, dict) else v for v in value]
        else:
            merged = strategic_merge(result.get(key), value)
            if merged is None:
                result.pop(key, None)
            else:
                result[key] = merged
    for key, removed in deletes.items():
        if key not in patch and isinstance(result.get(key), list):
            result[key] = [v for v in result[key] if v not in removed]
    return result


# --- field paths for server-side apply ---------------------------------------------------

Path = tuple[str, ...]


def leaf_paths(value: Any, prefix: Path = ()) -> set[Path]:
    """Paths of the fields a configuration sets; keyed list items become ``[k=v]`` steps."""
    if isinstance(value, dict):
        if not value:
            return {prefix} if prefix else set()
        out: set[Path] = set()
        for key, child in value.items():
            out |= leaf_paths(child, prefix + (key,))
        return out
    if isinstance(value, list) and prefix:
        key = merge_key_for(prefix[-1], value)
        if key is not None:
            out = set()
            for item in value:
                step = f"[{key}={item[key]}]"
                out |= leaf_paths(item, prefix + (step,)) or {prefix + (step,)}
            return out
    return {prefix}


def _step(node: Any, step: str) -> Any:
    if isinstance(node, list) and step.startswith("["):
        key, _, val = step[1:-1].partition("=")
        return next((i for i in node if isinstance(i, dict) and str(i.get(key)) == val), None)
    if isinstance(node, dict):
        return node.get(step)
    return None


def value_at(obj: Any, path: Path) -> Any:
    node = obj
    for step in path:
        node = _step(node, step)
        if node is None:
            return None
    return node


def remove_path(obj: Any, path: Path) -> None:
    """Remove the field at ``path``; parents left empty by the removal go too."""
    parents = [obj]
    for step in path[:-1]:
        nxt = _step(parents[-1], step)
        if nxt is None:
            return
        parents.append(nxt)
    last = path[-1]
    node = parents[-1]
    if isinstance(node, list) and last.startswith("["):
        target = _step(node, last)
        if target is not None:
            node.remove(target)
    elif isinstance(node, dict):
        node.pop(last, None)
    for depth in range(len(parents) - 1, 1, -1):
        if parents[depth] in ({}, []):
            container, step = parents[depth - 1], path[depth - 1]
            if isinstance(container, dict):
                container.pop(step, None)
            elif isinstance(container, list):
                container.remove(parents[depth])


def apply_merge(live: Any, config: Any) -> Any:
    """The merge half of server-side apply: like strategic merge without directives."""
    return strategic_merge(live, config)


def fields_v1(paths: set[Path]) -> dict[str, Any]:
    """Render owned paths in the ``f:``/``k:`` notation of ``managedFields``."""
    root: dict[str, Any] = {}
    for path in sorted(paths):
        node = root
        for step in path:
            if step.startswith("["):
                key, _, val = step[1:-1].partition("=")
                name = "k:{" + f'"{key}":"{val}"' + "}"
            else:
                name = "f:" + step
            node = node.setdefault(name, {})
    return root
