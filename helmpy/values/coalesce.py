"""Helm's values coalescing (pkg/chart/common/util/coalesce.go), rule for rule.

User values win over chart defaults, maps merge and everything else is replaced, each
subchart's section is coalesced with that subchart's defaults, and ``global`` flows down
with the parent's globals winning. ``null`` deletes a default when coalescing (not when
merging). Helm's warnings go to the ``helmpy`` logger.
"""
from __future__ import annotations

import logging
from typing import Any

from helmpy.chart.model import Chart
from helmpy.errors import ValuesError
from helmpy.goyaml.deep import deep_copy, recursion_room

GLOBAL_KEY = "global"
log = logging.getLogger("helmpy")


def _printf(fmt: str, *args: Any) -> None:
    from helmpy.gotemplate.gofmt import sprintf

    log.warning("%s", sprintf(fmt, *args))


def _concat_prefix(a: str, b: str) -> str:
    return b if a == "" else f"{a}.{b}"


def is_table(value: Any) -> bool:
    return isinstance(value, dict)


def _copy_unshared(value: Any) -> Any:
    """Helm's copystructure.Copy: every occurrence of a map or list becomes its own copy.

    ``deep_copy`` keeps sharing (one copy per original object), but import processing
    leaves the same table under ``global`` and ``<sub>.global``; Helm copies them apart,
    so cleaning nulls out of one must not touch the other.
    """
    kind = type(value)
    if kind is dict:
        return {key: _copy_unshared(item) for key, item in value.items()}
    if kind is list:
        return [_copy_unshared(item) for item in value]
    if isinstance(value, (dict, list)):
        return deep_copy(value)
    return value


def _copy_values(values: dict | None) -> dict:
    if not values:
        return {}
    with recursion_room():
        return _copy_unshared(values)


def coalesce_values(chart: Chart, values: dict | None) -> dict:
    """Helm's CoalesceValues: the chart's defaults under ``values`` (which is not modified)."""
    dest = _copy_values(values)
    return _coalesce(chart, dest, "", merge=False)


def merge_chart_values(chart: Chart, values: dict | None) -> dict:
    """Helm's MergeValues: like coalesce_values, but nulls are kept."""
    dest = _copy_values(values)
    return _coalesce(chart, dest, "", merge=True)


def _coalesce(chart: Chart, dest: dict, prefix: str, merge: bool) -> dict:
    _coalesce_chart_values(chart, dest, prefix, merge)
    return _coalesce_deps(chart, dest, prefix, merge)


def _coalesce_deps(chart: Chart, dest: dict, prefix: str, merge: bool) -> dict:
    for sub in chart.dependencies:
        name = sub.name()
        if name not in dest:
            dest[name] = {}
        elif not is_table(dest[name]):
            from helmpy.gotemplate.gofmt import sprintf

            raise ValuesError(sprintf("type mismatch on %s: %t", name, dest[name]))
        sub_values = dest[name]
        sub_prefix = _concat_prefix(prefix, chart.name())
        _coalesce_globals(sub_values, dest, sub_prefix)
        dest[name] = _coalesce(sub, sub_values, sub_prefix, merge)
    return dest


def _coalesce_globals(dest: dict, src: dict, prefix: str) -> None:
    """Copy the parent's ``global`` into a subchart's section; the parent's entries win."""
    if GLOBAL_KEY not in dest:
        dest_globals: dict = {}
    else:
        dest_globals = dest[GLOBAL_KEY]
        if not is_table(dest_globals):
            _printf("warning: skipping globals because destination %s is not a table.", GLOBAL_KEY)
            return
    if GLOBAL_KEY not in src:
        src_globals: dict = {}
    else:
        src_globals = src[GLOBAL_KEY]
        if not is_table(src_globals):
            _printf("warning: skipping globals because source %s is not a table.", GLOBAL_KEY)
            return
    for key, value in src_globals.items():
        if is_table(value):
            own = dict(value)  # Helm's copyMap: a shallow copy
            if key not in dest_globals:
                dest_globals[key] = own
            elif not is_table(dest_globals[key]):
                _printf("Conflict: cannot merge map onto non-map for %q. Skipping.", key)
            else:
                _coalesce_tables(own, dest_globals[key], _concat_prefix(prefix, key), merge=True)
                dest_globals[key] = own
        elif key in dest_globals and is_table(dest_globals[key]):
            _printf("key %s is table. Skipping", key)
        else:
            dest_globals[key] = value
    dest[GLOBAL_KEY] = dest_globals


def _coalesce_chart_values(chart: Chart, values: dict, prefix: str, merge: bool) -> None:
    """Fill ``values`` from the chart's defaults; what ``values`` already has wins."""
    sub_prefix = _concat_prefix(prefix, chart.name())
    defaults = _copy_values(chart.values)
    for key, default in defaults.items():
        if key in values:
            value = values[key]
            if value is None and not merge:
                del values[key]  # null in user values removes the default
            elif is_table(value):
                if not is_table(default):
                    if default is not None:
                        _printf("warning: skipped value for %s.%s: Not a table.", sub_prefix, key)
                else:
                    child_merge = _child_chart_merge(chart, key, merge)
                    if not child_merge:
                        _clean_nil_values(default)
                    _coalesce_tables(value, default, _concat_prefix(sub_prefix, key), child_merge)
        else:
            if not merge:
                if default is None:
                    continue
                if is_table(default):
                    _clean_nil_values(default)
            values[key] = default


def _child_chart_merge(chart: Chart, key: str, merge: bool) -> bool:
    if any(sub.name() == key for sub in chart.dependencies):
        return True
    return merge


def coalesce_tables(dst: dict | None, src: dict | None) -> dict | None:
    """Helm's CoalesceTables: merge ``src`` into ``dst`` (``dst`` wins, nulls delete)."""
    return _coalesce_tables(dst, src, "", merge=False)


def merge_tables(dst: dict | None, src: dict | None) -> dict | None:
    """Helm's MergeTables: merge ``src`` into ``dst`` (``dst`` wins, nulls kept)."""
    return _coalesce_tables(dst, src, "", merge=True)


def _coalesce_tables(dst: dict | None, src: dict | None, prefix: str, merge: bool) -> dict | None:
    if src is None:
        return dst
    if dst is None:
        return src
    src_non_nil = {key for key, value in src.items() if value is not None}
    for key, value in dst.items():
        if value is None:
            src[key] = None
    for key, value in list(src.items()):
        full_key = _concat_prefix(prefix, key)
        present = key in dst
        dst_value = dst.get(key)
        if present and not merge and dst_value is None and key in src_non_nil:
            del dst[key]  # the user nulled a default
        elif not present:
            dst[key] = value
        elif is_table(value):
            if is_table(dst_value):
                _coalesce_tables(dst_value, value, full_key, merge)
            else:
                _printf("warning: cannot overwrite table with non table for %s (%v)", full_key, value)
        elif is_table(dst_value) and value is not None:
            _printf("warning: destination for %s is a table. Ignoring non-table value (%v)",
                    full_key, value)
    return dst


def _clean_nil_values(table: dict) -> None:
    for key in list(table):
        value = table[key]
        if value is None:
            del table[key]
        elif is_table(value):
            _clean_nil_values(value)
