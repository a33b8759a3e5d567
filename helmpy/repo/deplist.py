"""``dependency list``: each declared dependency with Helm's status words."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from helmpy.repoformat import semver
from helmpy.repoformat.chartsource import read_archive_metadata


def _version_status(actual: str, wanted: str) -> str | None:
    if actual == wanted:
        return None
    try:
        check = semver.constraint_checker(wanted)
    except semver.ConstraintError:
        return "invalid version"
    if not semver.parse_ok(actual):
        return "invalid version"
    return None if check(actual) else "wrong version"


def _archive_status(archive: Path, dep: dict[str, Any]) -> str:
    try:
        md = read_archive_metadata(archive)
    except Exception:
        return "corrupt"
    if md.get("name") != dep["name"]:
        return "misnamed"
    return _version_status(str(md.get("version", "")), dep.get("version", "")) or "ok"


def dependency_status(chart_dir: Path, dep: dict[str, Any],
                      unpacked: dict[str, str]) -> str:
    """Helm's List.dependencyStatus for one dependency."""
    archives = sorted((chart_dir / "charts").glob(f"{dep['name']}-*.tgz"))
    if len(archives) > 1:
        found = [a for a in archives
                 if _strict_semver(a.name[len(dep["name"]) + 1:-len(".tgz")])]
        if len(found) == 1:
            return _archive_status(found[0], dep)
        if len(found) > 1:
            return "too many matches"
    elif len(archives) == 1:
        return _archive_status(archives[0], dep)
    if dep["name"] not in unpacked:
        return "missing"
    return _version_status(unpacked[dep["name"]], dep.get("version", "")) or "unpacked"


def _strict_semver(text: str) -> bool:
    from helmpy.versions import Version

    return Version.is_valid(text, strict=True)


def list_rows(chart_dir: Path) -> tuple[list[list[str]], list[str]]:
    """Table rows (NAME, VERSION, REPOSITORY, STATUS) and warnings for stray charts/ entries."""
    from helmpy.chart import loader

    chart = loader.load_dir(str(chart_dir))
    deps = [d.to_json_dict() for d in chart.metadata.dependencies]
    unpacked = {sub.name(): sub.metadata.version for sub in chart.dependencies}
    rows = [[d["name"], d.get("version", ""), d.get("repository", ""),
             dependency_status(chart_dir, d, unpacked)] for d in deps]
    warnings = []
    charts_dir = chart_dir / "charts"
    names = {d["name"] for d in deps}
    if charts_dir.is_dir():
        for entry in sorted(charts_dir.iterdir()):
            if not entry.is_dir() and entry.suffix != ".tgz":
                continue
            label = os.path.normpath(str(entry))
            try:
                sub_name = str(read_archive_metadata(entry).get("name", ""))
            except Exception:
                warnings.append(f'WARNING: "{label}" is not a chart.')
                continue
            if sub_name not in names:
                warnings.append(f'WARNING: "{label}" is not in Chart.yaml.')
    return rows, warnings
