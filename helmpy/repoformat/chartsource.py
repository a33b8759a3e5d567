"""Chart metadata from archives and directories, through the project's chart loader.

Everything here returns the Go JSON form of Helm's chart.Metadata (what index entries and
provenance bodies carry); the loader enforces Helm's archive rules (paths, links, size caps).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from helmpy.chart import loader


def read_archive_metadata(path: str | Path) -> dict[str, Any]:
    """Chart.yaml of a chart archive or directory (raises ChartError when it is not a chart)."""
    return dict(loader.load(str(path)).metadata.to_json_dict())


def metadata_from_archive_bytes(data: bytes) -> dict[str, Any]:
    """Chart.yaml of an in-memory archive (uploads), with the loader's checks and caps."""
    return dict(loader.load_archive_bytes(data).metadata.to_json_dict())
