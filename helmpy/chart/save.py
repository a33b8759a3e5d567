"""Writing charts: Helm's chartutil.Save (``NAME-VERSION.tgz``) and SaveDir.

Archives are laid out as Helm writes them: one top directory named after the chart,
Chart.yaml re-serialised from the metadata, the raw values.yaml, then templates, files and
subcharts (unpacked, under ``charts/``). Names are validated before any path is built.
"""
from __future__ import annotations

import io
import json
import os
import struct
import tarfile
import time
import zlib

from helmpy.chart.metadata import ValidationError, go_quote, validate_metadata
from helmpy.chart.model import Chart, Lock
from helmpy.chart.yamlio import marshal_yaml
from helmpy.errors import ChartError

# Helm marks its archives with this gzip extra field and the comment "Helm".
GZIP_EXTRA = b"+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo="
GZIP_COMMENT = b"Helm"


def validate_name(name: str) -> None:
    """Helm's validateName (a base name only), plus refusing '.', '..' and empty names."""
    if name != os.path.basename(name) or name in ("", ".", "..") or "\\" in name:
        raise ChartError(f"{go_quote(name)} is not a valid chart name")


def chart_yaml_bytes(chart: Chart) -> bytes:
    """Chart.yaml as Helm re-serialises it (v1 charts keep dependencies in requirements.yaml)."""
    data = chart.metadata.to_json_dict()
    if chart.metadata.api_version == "v1":
        data.pop("dependencies", None)
    return marshal_yaml(data).encode("utf-8")


def _go_time_text(text: str) -> str:
    """A time re-marshalled by Go (RFC 3339 with nanoseconds): zero offsets print as Z and
    trailing fractional zeros go."""
    import re

    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)", text)
    if not match:
        return text or "0001-01-01T00:00:00Z"
    fraction = (match.group(2) or "").rstrip("0").rstrip(".")
    zone = "Z" if match.group(3) in ("Z", "+00:00", "-00:00") else match.group(3)
    return match.group(1) + fraction + zone


def _time_seconds(text: str) -> float | None:
    from datetime import datetime

    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def lock_yaml_bytes(lock: Lock) -> bytes:
    data = {
        "generated": _go_time_text(lock.generated),
        "digest": lock.digest,
        "dependencies": [d.to_json_dict() for d in lock.dependencies] or None,
    }
    return marshal_yaml(data).encode("utf-8")


Entry = tuple[str, bytes, float | None]


def _raw_mtime(chart: Chart, name: str) -> float | None:
    raw = chart.raw_file(name)
    return raw.mtime if raw is not None else None


def _archive_entries(chart: Chart, prefix: str) -> list[Entry]:
    """(path, data, mtime) in Helm's order; files keep the times they were loaded with."""
    validate_name(chart.name())
    base = f"{prefix}{chart.name()}"
    entries: list[Entry] = [(f"{base}/Chart.yaml", chart_yaml_bytes(chart),
                             _raw_mtime(chart, "Chart.yaml"))]
    if chart.metadata.api_version == "v2" and chart.lock is not None:
        # Helm stamps Chart.lock with the lock's own generation time.
        entries.append((f"{base}/Chart.lock", lock_yaml_bytes(chart.lock),
                        _time_seconds(chart.lock.generated)))
    raw_values = chart.raw_file("values.yaml")
    if raw_values is not None:
        entries.append((f"{base}/values.yaml", raw_values.data, raw_values.mtime))
    if chart.schema is not None:
        try:
            json.loads(chart.schema)
        except ValueError as err:
            raise ChartError("Invalid JSON in values.schema.json") from err
        entries.append((f"{base}/values.schema.json", chart.schema,
                        _raw_mtime(chart, "values.schema.json")))
    for f in [*chart.templates, *chart.files]:
        entries.append((f"{base}/{f.name}", f.data, f.mtime))
    for sub in chart.dependencies:
        entries.extend(_archive_entries(sub, f"{base}/charts/"))
    return entries


def archive_bytes(chart: Chart) -> bytes:
    """The chart as a Helm-style gzip'd tar archive."""
    buffer = io.BytesIO()
    now = int(time.time())
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data, mtime in _archive_entries(chart, ""):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = round(mtime) if mtime is not None else now  # Go rounds to seconds
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return _gzip_like_go(buffer.getvalue())


def _gzip_like_go(payload: bytes) -> bytes:
    """gzip with Helm's header: FEXTRA + FCOMMENT, zero mtime, OS 255 (as Go writes it)."""
    flags = 0x04 | 0x10
    header = b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", 0) + b"\x00\xff"
    header += struct.pack("<H", len(GZIP_EXTRA)) + GZIP_EXTRA + GZIP_COMMENT + b"\x00"
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = compressor.compress(payload) + compressor.flush()
    trailer = struct.pack("<II", zlib.crc32(payload) & 0xFFFFFFFF, len(payload) & 0xFFFFFFFF)
    return header + body + trailer


def save(chart: Chart, out_dir: str) -> str:
    """Helm's chartutil.Save: write ``out_dir/NAME-VERSION.tgz``; returns its path."""
    try:
        validate_metadata(chart.metadata)
    except ValidationError as err:
        raise ChartError(f"chart validation: {err}") from err
    validate_name(chart.name())
    filename = os.path.join(out_dir, f"{chart.name()}-{chart.metadata.version}.tgz")
    directory = os.path.dirname(filename) or "."
    if not os.path.exists(directory):
        os.makedirs(directory, mode=0o755, exist_ok=True)
    elif not os.path.isdir(directory):
        raise ChartError(f"is not a directory: {directory}")
    data = archive_bytes(chart)
    _write_atomically(filename, data)
    return filename


def _write_atomically(filename: str, data: bytes) -> None:
    """Write via a temporary file and rename: never through a planted link, never half a file.

    The temporary name comes from mkstemp (O_EXCL, unpredictable): a fixed name such as
    ``NAME.tmp-PID`` could itself be a planted link that open() would follow.
    """
    import tempfile

    directory = os.path.dirname(filename) or "."
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".helmpy-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # what open() would have given
        os.replace(tmp, filename)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def save_dir(chart: Chart, dest: str) -> str:
    """Helm's chartutil.SaveDir: the chart as files in ``dest/NAME``; subcharts as archives."""
    validate_name(chart.name())
    out_dir = os.path.join(dest, chart.name())
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise ChartError(f"file {out_dir} already exists and is not a directory")
    os.makedirs(out_dir, mode=0o755, exist_ok=True)
    _write_atomically(os.path.join(out_dir, "Chart.yaml"), chart_yaml_bytes(chart))
    raw_values = chart.raw_file("values.yaml")
    if raw_values is not None:
        _write_file(out_dir, "values.yaml", raw_values.data)
    if chart.schema is not None:
        _write_file(out_dir, "values.schema.json", chart.schema)
    for f in [*chart.templates, *chart.files]:
        _write_file(out_dir, f.name, f.data)
    if chart.dependencies and os.path.islink(os.path.join(out_dir, "charts")):
        raise ChartError(f"refusing to write through symbolic link {os.path.join(out_dir, 'charts')}")
    for sub in chart.dependencies:
        try:
            save(sub, os.path.join(out_dir, "charts"))
        except ChartError as err:
            raise ChartError(f"saving {sub.full_path()}: {err}") from err
    return out_dir


def _write_file(root: str, rel: str, data: bytes) -> None:
    target = os.path.normpath(os.path.join(root, rel))
    if not target.startswith(os.path.normpath(root) + os.sep):
        raise ChartError(f"chart file {go_quote(rel)} would be written outside {root}")
    # A directory inside the chart that is a link (templates -> elsewhere) would receive the
    # file wherever it points: refuse (the file itself is replaced by rename, never followed).
    current = os.path.normpath(root)
    for part in os.path.relpath(os.path.dirname(target), current).split(os.sep):
        current = os.path.join(current, part)
        if part != "." and os.path.islink(current):
            raise ChartError(f"refusing to write through symbolic link {current}")
    os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
    _write_atomically(target, data)
