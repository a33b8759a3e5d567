"""The ``.Values`` a chart's templates see, built the way ``helm install``/``template`` does.

    chart = helmpy.load_chart("mychart")
    values = merge_values(chart, values_files=["prod.yaml"], set=["replicas=3"])

The pieces are separate for the engine: :func:`read_user_values` (flags -> one map),
:func:`process_dependencies` (conditions, tags, aliases, import-values on a copy of the
chart) and :func:`coalesce_values` (defaults under user values, globals, subchart
sections). :func:`prepare_values` returns the processed chart with its values.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from helmpy.chart.model import Chart
from helmpy.gotemplate.gotypes import Values
from helmpy.values.coalesce import coalesce_values
from helmpy.values.dependencies import process_dependencies
from helmpy.values.user import read_user_values

__all__ = ["coalesce_values", "merge_values", "prepare_values", "process_dependencies",
           "read_user_values", "to_template_values"]


def to_template_values(values: dict) -> Values:
    """``.Values`` is common.Values at the top; nested tables are map[string]interface {}."""
    return Values({key: _plain(value) for key, value in values.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def prepare_values(chart: Chart, user_values: dict | None) -> tuple[Chart, Values]:
    """The chart as rendered (dependencies processed) and its root ``.Values``."""
    processed = process_dependencies(chart, user_values)
    return processed, to_template_values(coalesce_values(processed, user_values))


def merge_values(
    chart: Chart,
    values_files: Iterable[str] = (),
    set: Iterable[str] = (),  # noqa: A002 - mirrors Helm's flag name
    set_string: Iterable[str] = (),
    set_file: Iterable[str] = (),
    set_json: Iterable[str] = (),
    set_literal: Iterable[str] = (),
    values: dict | None = None,
) -> Values:
    """The root chart's ``.Values`` for these user inputs (``values`` applies last)."""
    user = read_user_values(values_files, set=set, set_string=set_string, set_file=set_file,
                            set_json=set_json, set_literal=set_literal, values=values)
    return prepare_values(chart, user)[1]
