"""``helm package``: load a chart directory and save it as ``NAME-VERSION.tgz``."""
from __future__ import annotations

import os
from collections.abc import Callable

from helmpy.chart.loader import load_dir
from helmpy.chart.model import Chart
from helmpy.chart.save import save
from helmpy.errors import ChartError

# Filled in by the provenance package: sign(archive_path, key, keyring, passphrase_file) -> None.
SignHook = Callable[[str], None]


def check_dependencies(chart: Chart) -> None:
    """Helm's CheckDependencies: every declared dependency must be present in charts/."""
    present = {sub.name() for sub in chart.dependencies}
    missing = [req.name for req in chart.metadata.dependencies if req.name not in present]
    if missing:
        raise ChartError("found in Chart.yaml, but missing in charts/ directory: "
                         + ", ".join(missing))


def package_chart(
    path: str,
    version: str | None = None,
    app_version: str | None = None,
    destination: str = ".",
    sign: SignHook | None = None,
) -> str:
    """Helm's action.Package.Run; returns the archive's path."""
    from helmpy.versions import Version, VersionError

    chart = load_dir(path)
    if version:
        chart.metadata.version = version
    try:
        Version.parse(chart.metadata.version)
    except VersionError as err:
        raise ChartError(str(err)) from err
    if app_version:
        chart.metadata.app_version = app_version
    if chart.metadata.dependencies_declared:
        check_dependencies(chart)
    dest = os.getcwd() if destination == "." else destination
    try:
        archive = save(chart, dest)
    except (ChartError, OSError) as err:
        raise ChartError(f"failed to save: {err}") from err
    if sign is not None:
        sign(archive)
    return archive
