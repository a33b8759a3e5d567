"""Archiving ``file://`` dependencies into ``charts/`` during ``dependency update``.

Helm's tarFromLocalDir loads the directory and calls chartutil.Save; helmpy does the same with
the chart engineer's loader and ``helmpy.chart.save.save``.
"""
from __future__ import annotations

from pathlib import Path

from helmpy.errors import HelmpyError
from helmpy.repoformat.metadata import safe_path_segment


def package_dir(source: Path, dest_dir: Path) -> Path:
    """Write ``dest_dir/NAME-VERSION.tgz`` for the chart directory ``source``."""
    from helmpy.chart import loader
    from helmpy.chart.save import save

    chart = loader.load_dir(str(source))
    name, version = chart.metadata.name, chart.metadata.version
    if not (safe_path_segment(name) and safe_path_segment(version)):
        raise HelmpyError(f"invalid chart name or version: {name!r} {version!r}")
    dest_dir.mkdir(parents=True, exist_ok=True)
    return Path(save(chart, str(dest_dir)))
