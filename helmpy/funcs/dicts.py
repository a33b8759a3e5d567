"""Sprig's dictionary functions.

Maps are passed by reference: ``set``, ``unset`` and ``merge`` change the dict they are
given (``.Values`` included) and return it. ``merge``/``mergeOverwrite`` follow
dario.cat/mergo: ``merge`` only fills keys whose destination is missing or empty,
``mergeOverwrite`` replaces with any non-nil source value (empty ones too); nested maps
merge recursively; lists are never concatenated.
"""
from __future__ import annotations

from typing import Any

from helmpy.funcs.lists import elements, go_empty, strval
from helmpy.gotemplate.gotypes import (
    INTERFACE,
    MAP,
    STRING,
    FuncError,
    FuncTable,
    StrList,
    go_type_name,
)

FUNCS = FuncTable()


@FUNCS.register("dict", variadic=INTERFACE)
def make_dict(*pairs: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for i in range(0, len(pairs), 2):
        key = strval(pairs[i])
        result[key] = pairs[i + 1] if i + 1 < len(pairs) else ""
    return result


@FUNCS.register("get", MAP, STRING)
def get(d: dict[str, Any] | None, key: str) -> Any:
    return d[key] if d is not None and key in d else ""


@FUNCS.register("set", MAP, STRING, INTERFACE)
def set_(d: dict[str, Any] | None, key: str, value: Any) -> dict[str, Any]:
    if d is None:
        raise FuncError("assignment to entry in nil map")
    d[key] = value
    return d


@FUNCS.register("unset", MAP, STRING)
def unset(d: dict[str, Any] | None, key: str) -> dict[str, Any]:
    if d is None:  # deleting from a nil map is a no-op
        return {}
    d.pop(key, None)
    return d


@FUNCS.register("hasKey", MAP, STRING)
def has_key(d: dict[str, Any] | None, key: str) -> bool:
    return d is not None and key in d


@FUNCS.register("pluck", STRING, variadic=MAP)
def pluck(key: str, *dicts: dict[str, Any]) -> list[Any]:
    return [d[key] for d in dicts if d is not None and key in d]


@FUNCS.register("keys", variadic=MAP)
def keys(*dicts: dict[str, Any]) -> StrList:
    return StrList(k for d in dicts if d is not None for k in d)


@FUNCS.register("values", MAP)
def values(d: dict[str, Any]) -> list[Any]:
    return list(d.values()) if d is not None else []


@FUNCS.register("pick", MAP, variadic=STRING)
def pick(d: dict[str, Any], *names: str) -> dict[str, Any]:
    d = d or {}
    return {k: d[k] for k in names if k in d}


@FUNCS.register("omit", MAP, variadic=STRING)
def omit(d: dict[str, Any], *names: str) -> dict[str, Any]:
    dropped = set(names)
    return {k: v for k, v in (d or {}).items() if k not in dropped}


def _interface_conversion(value: Any, want: str) -> FuncError:
    got = "nil" if value is None else go_type_name(value)
    return FuncError(f"interface conversion: interface {{}} is {got}, not {want}")


def _is_plain_map(value: Any) -> bool:
    # .Values itself is common.Values, which a map[string]interface{} assertion rejects.
    return isinstance(value, dict) and go_type_name(value) == MAP


@FUNCS.register("dig", variadic=INTERFACE)
def dig(*args: Any) -> Any:
    if len(args) < 3:
        raise FuncError("dig needs at least three arguments")
    current = args[-1]
    if not _is_plain_map(current):
        raise _interface_conversion(current, MAP)
    default = args[-2]
    path = args[:-2]
    for key in path:
        if not isinstance(key, str):
            raise _interface_conversion(key, STRING)
    for depth, key in enumerate(path):
        if key not in current:
            return default
        step = current[key]
        if depth == len(path) - 1:
            return step
        if not _is_plain_map(step):
            raise _interface_conversion(step, MAP)
        current = step
    return default


# -- mergo --------------------------------------------------------------------------------
def _is_slice(value: Any) -> bool:
    return elements(value) is not None


def _empty_like(value: Any) -> Any:
    return StrList() if isinstance(value, StrList) else type(value)() if isinstance(
        value, bytes | bytearray
    ) else []


def merge_maps(dst: dict[str, Any], src: dict[str, Any], overwrite: bool) -> None:
    """mergo's deepMerge of two map[string]interface{} values, in place on ``dst``."""
    for key, source in src.items():
        exists = key in dst
        target = dst.get(key)
        if source is None:
            if overwrite:
                dst[key] = None
            continue
        if isinstance(source, dict):
            if exists and isinstance(target, dict):
                merge_maps(target, source, overwrite)
        elif _is_slice(source):
            replacement = target if exists and target is not None else _empty_like(source)
            # mergo tests emptiness of the enclosing maps here, not of the elements.
            if overwrite or len(dst) == 0:
                replacement = source
            dst[key] = replacement
        if exists and not go_empty(target):
            if _is_slice(source):
                continue
            if isinstance(source, dict) and isinstance(target, dict):
                continue
        if overwrite or not exists or go_empty(target):
            dst[key] = source


def _merge_all(dst: dict[str, Any], srcs: tuple[dict[str, Any], ...], overwrite: bool) -> Any:
    if dst is None:
        dst = {}
    for src in srcs:
        if src:
            merge_maps(dst, src, overwrite)
    return dst


@FUNCS.register("merge", MAP, variadic=MAP)
def merge(dst: dict[str, Any], *srcs: dict[str, Any]) -> Any:
    return _merge_all(dst, srcs, overwrite=False)


@FUNCS.register("mergeOverwrite", MAP, variadic=MAP)
def merge_overwrite(dst: dict[str, Any], *srcs: dict[str, Any]) -> Any:
    return _merge_all(dst, srcs, overwrite=True)


FUNCS.alias("mustMerge", "merge")
FUNCS.alias("mustMergeOverwrite", "mergeOverwrite")


# -- copystructure ------------------------------------------------------------------------
def deep_copy_value(value: Any) -> Any:
    """A deep copy keeping every Go type (common.Values stays common.Values)."""
    if isinstance(value, dict):
        copied = type(value)()
        for k, v in value.items():
            copied[k] = deep_copy_value(v)
        return copied
    if isinstance(value, list):
        return type(value)(deep_copy_value(v) for v in value)
    if isinstance(value, bytearray):
        return bytearray(value)
    return value


@FUNCS.register("deepCopy", INTERFACE)
def deep_copy(value: Any) -> Any:
    if value is None:
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    return deep_copy_value(value)


FUNCS.alias("mustDeepCopy", "deepCopy")
