"""Reading chart metadata from archives, through the project's chart loader when present.

The chart engineer's ``helmpy.chart.loader.load`` is the loader of record. Until it lands, a thin
private stand-in reads only ``<chart>/Chart.yaml`` from the archive, with Helm's size caps.
"""
from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path
from typing import Any

from helmpy.errors import ChartError
from helmpy.repo import _yamlio

MAX_DECOMPRESSED = 100 * 1024 * 1024
MAX_FILE = 5 * 1024 * 1024


def _real_loader() -> Any:
    try:
        from helmpy.chart import loader  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(loader, "load", None)


def read_archive_metadata(path: str | Path) -> dict[str, Any]:
    """The Chart.yaml mapping of a chart archive (raises ChartError when it is not a chart)."""
    load = _real_loader()
    if load is not None:
        chart = load(str(path))
        raw = getattr(chart.metadata, "raw", None)
        if isinstance(raw, dict):
            return raw
    return metadata_from_archive_bytes(Path(path).read_bytes())


def metadata_from_archive_bytes(data: bytes) -> dict[str, Any]:
    """Chart.yaml of an in-memory archive; every entry name is checked, sizes are capped."""
    chart_yaml: bytes | None = None
    total = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz, tarfile.open(fileobj=gz,
                                                                          mode="r|") as tar:
            top: str | None = None
            for member in tar:
                name = member.name.replace("\\", "/")
                parts = [p for p in name.split("/") if p not in ("", ".")]
                if name.startswith("/") or ".." in parts:
                    raise ChartError(f"chart illegally contains content outside the base "
                                     f"directory: {member.name!r}")
                if not member.isfile() or not parts:
                    continue
                if member.size > MAX_FILE:
                    raise ChartError(f"file {member.name!r} is larger than the maximum file "
                                     f"size {MAX_FILE}")
                total += member.size
                if total > MAX_DECOMPRESSED:
                    raise ChartError("decompressed chart is larger than the maximum size "
                                     f"{MAX_DECOMPRESSED}")
                if top is None:
                    top = parts[0]
                if len(parts) == 2 and parts[0] == top and parts[1] == "Chart.yaml":
                    handle = tar.extractfile(member)
                    chart_yaml = handle.read(MAX_FILE + 1) if handle else b""
    except (tarfile.TarError, OSError, EOFError, gzip.BadGzipFile) as err:
        raise ChartError(f"file is not a valid chart archive: {err}") from err
    if chart_yaml is None:
        raise ChartError("Chart.yaml file is missing")
    try:
        raw = _yamlio.load_text_scalars(chart_yaml)
    except _yamlio.YAMLError as err:
        raise ChartError(f"cannot load Chart.yaml: {err}") from err
    if not isinstance(raw, dict):
        raise ChartError("cannot load Chart.yaml: not a mapping")
    return raw
