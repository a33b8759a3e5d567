"""Archiving ``file://`` dependencies into ``charts/`` during ``dependency update``.

Helm calls chartutil.Save here. Until the chart engineer's save lands, this writes the files
the chart loader read (``.helmignore`` honoured) under ``NAME/`` in a gzip'd tar, which Helm's
loader and helmpy's read back as the same chart.
"""
from __future__ import annotations

import gzip
import io
import tarfile
import time
from pathlib import Path

from helmpy.errors import HelmpyError
from helmpy.repo.metadata import safe_path_segment


def package_dir(source: Path, dest_dir: Path) -> Path:
    """Write ``dest_dir/NAME-VERSION.tgz`` for the chart directory ``source``."""
    from helmpy.chart import loader

    try:
        save = __import__("helmpy.chart.save", fromlist=["save"]).save  # the chart engineer's
    except (ImportError, AttributeError):
        save = None
    chart = loader.load_dir(str(source))
    name, version = chart.metadata.name, chart.metadata.version
    if not (safe_path_segment(name) and safe_path_segment(version)):
        raise HelmpyError(f"invalid chart name or version: {name!r} {version!r}")
    if save is not None:
        return Path(save(chart, str(dest_dir)))
    buffer = io.BytesIO()
    now = int(time.time())
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=now) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for item in chart.raw_files:
            info = tarfile.TarInfo(f"{name}/{item.name}")
            info.size = len(item.data)
            info.mode = 0o644
            info.mtime = now
            tar.addfile(info, io.BytesIO(item.data))
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / f"{name}-{version}.tgz"
    target.write_bytes(buffer.getvalue())
    return target
