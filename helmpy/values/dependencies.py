"""Helm's ProcessDependencies (pkg/chart/v2/util/dependencies.go) on a copy of the chart.

Enables or disables subcharts by ``condition`` (first path that resolves to a bool wins,
comma-separated) and ``tags`` (conditions override tags), applies ``alias`` names, and
imports child values into parents via ``import-values`` (both the ``exports`` string form
and the ``child``/``parent`` map form). The loaded chart is never modified.
"""
from __future__ import annotations

import copy
import logging
from typing import Any

from helmpy.chart.model import Chart, Dependency, copy_chart_shallow
from helmpy.goyaml.deep import deep_copy
from helmpy.values.coalesce import coalesce_values, merge_chart_values, merge_tables

log = logging.getLogger("helmpy")


class NoValue(Exception):
    """Helm's ErrNoValue / ErrNoTable: the path does not lead to a value."""


def table(values: dict, path: str) -> dict:
    """Helm's Values.Table: the map at a dotted path; raises NoValue."""
    current = values
    for name in path.split("."):
        nxt = current.get(name, _MISSING)
        if not isinstance(nxt, dict):
            raise NoValue(f'no table named "{name}"')
        current = nxt
    return current


_MISSING = object()


def path_value(values: dict, path: str) -> Any:
    """Helm's Values.PathValue: a non-table value at a dotted path; raises NoValue."""
    if path == "":
        raise ValueError("YAML path cannot be empty")
    parts = path.split(".")
    key = parts[-1]
    if len(parts) == 1:
        container = values
    else:
        try:
            container = table(values, ".".join(parts[:-1]))
        except NoValue:
            raise NoValue(key) from None
    if key in container and not isinstance(container[key], dict):
        return container[key]
    raise NoValue(key)


def is_compatible_range(constraint: str, version: str) -> bool:
    """Helm's IsCompatibleRange: the version parses and satisfies the constraint."""
    from helmpy.versions import ConstraintError, Constraints, Version, VersionError

    try:
        parsed = Version.parse(version)
        constraints = Constraints.parse(constraint)
    except (VersionError, ConstraintError):
        return False
    return constraints.check(parsed)


def process_dependencies(chart: Chart, user_values: dict | None) -> Chart:
    """The chart tree as Helm renders it for these user values: pruned, aliased, imported."""
    processed = copy_chart_shallow(chart)
    _process_enabled(processed, user_values or {}, "")
    _process_import_values_tree(processed)
    return processed


# ------------------------------------------------------------------------ enabled / alias

def _process_conditions(requirements: list[Dependency], values: dict, prefix: str) -> None:
    for req in requirements:
        for condition in req.condition.strip().split(","):
            if not condition:
                continue
            try:
                value = path_value(values, prefix + condition)
            except NoValue:
                continue
            if isinstance(value, bool):
                req.enabled = value
                break
            log.warning("returned non-bool value path=%s chart=%s", condition, req.name)


def _process_tags(requirements: list[Dependency], values: dict) -> None:
    try:
        tags = table(values, "tags")
    except NoValue:
        return
    for req in requirements:
        has_true = has_false = False
        for tag in req.tags:
            if tag in tags:
                flag = tags[tag]
                if isinstance(flag, bool):
                    if flag:
                        has_true = True
                    else:
                        has_false = True
                else:
                    log.warning("returned non-bool value tag=%s chart=%s", tag, req.name)
        if not has_true and has_false:
            req.enabled = False
        elif has_true or (not has_true and not has_false):
            req.enabled = True


def _alias_copy(charts: list[Chart], req: Dependency) -> Chart | None:
    """Helm's getAliasDependency: a copy of the matching chart, renamed to the alias."""
    for candidate in charts:
        if candidate.name() != req.name:
            continue
        if not is_compatible_range(req.version, candidate.metadata.version):
            continue
        out = copy.copy(candidate)
        out.metadata = copy.deepcopy(candidate.metadata)
        out.dependencies = []
        for sub in candidate.dependencies:
            sub_copy = copy.copy(sub)
            sub_copy.metadata = copy.deepcopy(sub.metadata)
            out.add_dependency(sub_copy)
        if req.alias:
            out.metadata.name = req.alias
        return out
    return None


def _process_enabled(chart: Chart, values: dict, path: str) -> None:
    metadata = chart.metadata
    if not metadata.dependencies_declared:
        return
    kept: list[Chart] = []
    for existing in chart.dependencies:
        if not any(req is not None and existing.name() == req.name
                   and is_compatible_range(req.version, existing.metadata.version)
                   for req in metadata.dependencies):
            kept.append(existing)
    original = list(chart.dependencies)
    for req in metadata.dependencies:
        if req is None:
            continue
        aliased = _alias_copy(original, req)
        if aliased is not None:
            kept.append(aliased)
        if req.alias:
            req.name = req.alias
    chart.set_dependencies(*kept)

    for req in metadata.dependencies:
        req.enabled = True
    coalesced = coalesce_values(chart, values)
    _process_tags(metadata.dependencies, coalesced)
    _process_conditions(metadata.dependencies, coalesced, path)
    removed = {req.name for req in metadata.dependencies if not req.enabled}
    remaining = [sub for sub in chart.dependencies if sub.metadata.name not in removed]
    remaining_reqs = [req for req in metadata.dependencies if req.name not in removed]
    for sub in remaining:
        _process_enabled(sub, coalesced, path + sub.metadata.name + ".")
    metadata.dependencies = remaining_reqs
    metadata.dependencies_declared = bool(remaining_reqs)  # Go appends onto a nil slice
    chart.set_dependencies(*remaining)


# ------------------------------------------------------------------------ import-values

def _path_to_map(path: str, data: dict) -> dict:
    if path == ".":
        return data
    nested: dict = data
    for name in reversed(path.split(".")):
        nested = {name: nested}
    return nested


def _process_import_values_tree(chart: Chart) -> None:
    for sub in chart.dependencies:
        _process_import_values_tree(sub)
    _process_import_values(chart)


def _process_import_values(chart: Chart) -> None:
    from helmpy.gotemplate.gofmt import format_value

    metadata = chart.metadata
    if not metadata.dependencies_declared:
        return
    merged = merge_chart_values(chart, None)
    imported: dict = {}
    for req in metadata.dependencies:
        rewritten: list[Any] = []
        for item in req.import_values:
            if isinstance(item, dict):
                child = format_value(item.get("child"))
                parent = format_value(item.get("parent"))
                rewritten.append({"child": child, "parent": parent})
                try:
                    found = table(merged, f"{req.name}.{child}")
                except NoValue as err:
                    log.warning("ImportValues missing table from chart chart=%s error=%s",
                                req.name, err)
                    continue
                imported = merge_tables(imported, _path_to_map(parent, found))
            elif isinstance(item, str):
                child = "exports." + item
                rewritten.append({"child": child, "parent": "."})
                try:
                    found = table(merged, f"{req.name}.{child}")
                except NoValue as err:
                    log.warning("ImportValues missing table error=%s", err)
                    continue
                imported = merge_tables(imported, found)
        req.import_values = rewritten
    # Imported values rank below the parent's own: the parent can override what it imports.
    chart.values = merge_tables(deep_copy(merged), imported)
