"""``helm dependency list``: each declared dependency with Helm's status for it.

Statuses: ``ok`` (a matching archive in charts/), ``unpacked`` (a matching directory),
``missing``, ``wrong version``, ``invalid version``, ``corrupt``, ``misnamed``,
``too many matches`` - decided exactly as Helm's action.Dependency does.
"""
from __future__ import annotations

import glob
import os

from helmpy.chart.loader import load
from helmpy.chart.model import Chart, Dependency
from helmpy.errors import ChartError


def _version_status(constraint_text: str, version_text: str) -> str:
    """'' when the version satisfies the constraint, else Helm's status word."""
    from helmpy.versions import ConstraintError, Constraints, Version, VersionError

    try:
        constraint = Constraints.parse(constraint_text)
    except ConstraintError:
        return "invalid version"
    try:
        version = Version.parse(version_text)
    except VersionError:
        return "invalid version"
    return "" if constraint.check(version) else "wrong version"


def _archive_status(archive: str, dep: Dependency) -> str:
    if not os.path.exists(archive):
        return ""
    try:
        chart = load(archive)
    except ChartError:
        return "corrupt"
    if chart.name() != dep.name:
        return "misnamed"
    if chart.metadata.version != dep.version:
        status = _version_status(dep.version, chart.metadata.version)
        if status:
            return status
    return "ok"


def _glob_escape(text: str) -> str:
    return glob.escape(text)


def dependency_status(chart_path: str, dep: Dependency, parent: Chart) -> str:
    """Helm's dependencyStatus for one declared dependency."""
    from helmpy.versions import Version, VersionError

    pattern = os.path.join(_glob_escape(os.path.join(chart_path, "charts")),
                           f"{_glob_escape(dep.name)}-*.tgz")
    archives = sorted(glob.glob(pattern))
    if len(archives) > 1:
        found = []
        for archive in archives:
            maybe_version = os.path.basename(archive)[: -len(".tgz")][len(dep.name) + 1:]
            try:
                Version.parse(maybe_version, strict=True)
            except VersionError:
                continue
            found.append(archive)
        if len(found) == 1:
            status = _archive_status(found[0], dep)
            if status:
                return status
        elif len(found) > 1:
            return "too many matches"
    elif len(archives) == 1:
        status = _archive_status(archives[0], dep)
        if status:
            return status

    loaded = None
    for sub in parent.dependencies:
        if sub.name() == dep.name:
            loaded = sub
    if loaded is None:
        return "missing"
    if loaded.metadata.version != dep.version:
        status = _version_status(dep.version, loaded.metadata.version)
        if status:
            return status
    return "unpacked"


def dependency_list(chart_path: str) -> list[dict[str, str]]:
    """``[{"name", "version", "repository", "status"}]`` for every declared dependency.

    Empty when the chart declares none (Helm then prints ``WARNING: no dependencies at
    CHART/charts``; see :func:`undeclared_charts` for its other warnings).
    """
    chart = load(chart_path)
    return [{"name": dep.name, "version": dep.version, "repository": dep.repository,
             "status": dependency_status(chart_path, dep, chart)}
            for dep in chart.metadata.dependencies]


def undeclared_charts(chart_path: str) -> list[str]:
    """Helm's printMissing warnings: charts/ entries that are not charts or not declared."""
    chart = load(chart_path)
    declared = {dep.name for dep in chart.metadata.dependencies}
    warnings: list[str] = []
    for entry in sorted(glob.glob(os.path.join(_glob_escape(os.path.join(chart_path, "charts")),
                                               "*"))):
        if not os.path.isdir(entry) and not entry.endswith(".tgz"):
            continue
        try:
            sub = load(entry)
        except ChartError:
            warnings.append(f'WARNING: "{entry}" is not a chart.')
            continue
        if sub.name() not in declared:
            warnings.append(f'WARNING: "{entry}" is not in Chart.yaml.')
    return warnings
