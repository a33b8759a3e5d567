"""Dependency rules (Helm's rules/dependencies.go): subcharts in charts/ and Chart.yaml's
``dependencies`` must name each other, and no two dependencies may share a name or alias."""
from __future__ import annotations

from typing import Any

from helmpy.errors import HelmpyError
from helmpy.lint.support import ERROR, WARNING, Linter


def lint_dependencies(linter: Linter) -> None:
    try:
        chart = linter.load_chart()
    except HelmpyError as err:
        linter.run(ERROR, "", f"unable to load chart\n\t{err}")
        return
    # Helm reports these at the chart's absolute directory, not a file.
    linter.run(ERROR, linter.chart_dir, _missing_in_metadata(chart))
    linter.run(ERROR, linter.chart_dir, _shadowed(chart))
    linter.run(WARNING, linter.chart_dir, _missing_in_charts_dir(chart))


def _declared(chart: Any) -> list[Any]:
    return [d for d in chart.metadata.dependencies or [] if d is not None]


def _missing_in_metadata(chart: Any) -> str | None:
    declared = {d.name for d in _declared(chart)}
    missing = [sub.name() for sub in chart.dependencies if sub.name() not in declared]
    return f"chart metadata is missing these dependencies: {','.join(missing)}" if missing else None


def _missing_in_charts_dir(chart: Any) -> str | None:
    present = {sub.name() for sub in chart.dependencies}
    missing = [d.name for d in _declared(chart) if d.name not in present]
    return f"chart directory is missing these dependencies: {','.join(missing)}" if missing else None


def _shadowed(chart: Any) -> str | None:
    seen: set[str] = set()
    shadowing: list[str] = []
    for dependency in _declared(chart):
        key = dependency.alias or dependency.name
        if key in seen:
            shadowing.append(key)
        seen.add(key)
    return f"multiple dependencies with name or alias: {','.join(shadowing)}" if shadowing else None
