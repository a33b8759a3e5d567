"""Load a chart from a directory or a ``.tgz`` archive, as Helm's pkg/chart/v2/loader does.

``load(path)`` returns a :class:`~helmpy.chart.model.Chart` with its subcharts (unpacked
directories and archives under ``charts/``, nested to any depth). Errors are ChartError
with Helm's message; ``err.path`` names the chart path given.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable

from helmpy.chart import archive
from helmpy.chart.archive import DEFAULT_LIMITS, LoadLimits, read_archive_files
from helmpy.chart.helmignore import HELMIGNORE, IgnoreError, Rules
from helmpy.chart.metadata import (
    DecodeError,
    ValidationError,
    decode_lock,
    decode_metadata,
    go_quote,
    validate_metadata,
)
from helmpy.chart.model import Chart, ChartFile, Metadata
from helmpy.chart.yamlio import YamlError, load_values, load_yaml
from helmpy.errors import ChartError
from helmpy.gctuning import fewer_full_collections

__all__ = ["load", "load_dir", "load_archive", "load_archive_bytes", "load_files"]


class _LoadFailure(Exception):
    """Internal: Helm's error text, before it is raised as ChartError with the path."""


def load(path: str, limits: LoadLimits = DEFAULT_LIMITS) -> Chart:
    """Helm's loader.Load: a directory or a chart archive."""
    with fewer_full_collections():
        return _load(path, limits)


def _load(path: str, limits: LoadLimits) -> Chart:
    try:
        info = os.stat(path)
    except FileNotFoundError as err:
        raise _error(path, f"stat {path}: no such file or directory") from err
    except OSError as err:
        raise _error(path, f"stat {path}: {err.strerror.lower() if err.strerror else err}") from err
    if stat.S_ISDIR(info.st_mode):
        return load_dir(path, limits)
    return load_archive(path, limits)


def _error(path: str, message: str) -> ChartError:
    err = ChartError(message)
    err.path = path  # type: ignore[attr-defined]
    return err


# ------------------------------------------------------------------------ directories

def load_dir(path: str, limits: LoadLimits = DEFAULT_LIMITS) -> Chart:
    """Helm's LoadDir: walk the directory honouring .helmignore, then load the files."""
    top = os.path.abspath(path)
    rules = Rules()
    ignore_file = os.path.join(top, HELMIGNORE)
    try:
        if os.path.isfile(ignore_file):
            with open(ignore_file, encoding="utf-8", errors="replace") as handle:
                rules = Rules.parse(handle.read())
        rules.add_defaults()
        files = list(_walk(top, rules, limits))
        chart = load_files(files, limits)
    except (_LoadFailure, IgnoreError, archive.ArchiveError) as err:
        raise _error(path, str(err)) from err
    chart.path = path
    return chart


def _walk(top: str, rules: Rules, limits: LoadLimits) -> Iterable[ChartFile]:
    """Files under ``top`` in Go's lexical walk order.

    Symbolic links are followed only while they stay inside the chart's real directory;
    a link out of the chart is an error, so no host file is ever read through one.
    """
    real_top = os.path.realpath(top)
    visited: set[str] = {real_top}

    def walk_dir(directory: str, rel_prefix: str) -> Iterable[ChartFile]:
        try:
            names = sorted(os.listdir(directory))
        except OSError as err:
            raise _LoadFailure(f"open {directory}: {err.strerror}") from err
        for entry in names:
            full = os.path.join(directory, entry)
            rel = rel_prefix + entry
            info = os.lstat(full)
            if stat.S_ISLNK(info.st_mode):
                target = os.path.realpath(full)
                if target != real_top and not target.startswith(real_top + os.sep):
                    if rules.ignore(rel, False):
                        continue
                    raise _LoadFailure(
                        f"chart file {go_quote(rel)} is a symbolic link pointing outside the chart")
                _log_warning(f"found symbolic link in path: {full} resolves to {target}. "
                             "Contents of linked file included and used")
                try:
                    info = os.stat(full)
                except OSError:
                    if rules.ignore(rel, False):
                        continue
                    raise _LoadFailure(f"lstat {full}: no such file or directory") from None
                if stat.S_ISDIR(info.st_mode):
                    if target in visited:
                        continue  # a link cycle inside the chart
                    visited.add(target)
            if stat.S_ISDIR(info.st_mode):
                if rules.ignore(rel, True):
                    continue
                yield from walk_dir(full, rel + "/")
                continue
            if rules.ignore(rel, False):
                continue
            if not stat.S_ISREG(info.st_mode):
                raise _LoadFailure(
                    f"cannot load irregular file {full} as it has file mode type bits set")
            if info.st_size > limits.max_file_size:
                raise _LoadFailure(
                    f"chart file {go_quote(entry)} is larger than the maximum file size "
                    f"{limits.max_file_size}")
            try:
                with open(full, "rb") as handle:
                    data = handle.read(limits.max_file_size + 1)
            except OSError as err:
                raise _LoadFailure(f"error reading {rel}: {err.strerror}") from err
            if len(data) > limits.max_file_size:  # grew after stat: count what was read
                raise _LoadFailure(
                    f"chart file {go_quote(entry)} is larger than the maximum file size "
                    f"{limits.max_file_size}")
            yield ChartFile(rel, data.removeprefix(archive.UTF8_BOM), info.st_mtime)

    yield from walk_dir(top, "")


# ------------------------------------------------------------------------ archives

def load_archive(path: str, limits: LoadLimits = DEFAULT_LIMITS) -> Chart:
    """Helm's LoadFile: a gzip'd tar archive on disk."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_chart_size + 1)
    except IsADirectoryError as err:
        raise _error(path, "cannot load a directory") from err
    except OSError as err:
        raise _error(path, f"open {path}: {err.strerror}") from err
    if not data.startswith(b"\x1f\x8b\x08"):
        if path.endswith((".yml", ".yaml")):
            raise _error(path, f"file '{path}' seems to be a YAML file, but expected a gzipped archive")
        raise _error(path, f"file '{path}' does not appear to be a gzipped archive; "
                           f"got '{_sniff_content_type(data)}'")
    try:
        chart = load_archive_bytes(data, limits)
    except ChartError as err:
        if str(err) == "gzip: invalid header":
            raise _error(path, f"file '{path}' does not appear to be a valid chart file "
                               f"(details: {err})") from err
        raise _error(path, str(err)) from err
    chart.path = path
    return chart


def load_archive_bytes(data: bytes, limits: LoadLimits = DEFAULT_LIMITS) -> Chart:
    """Helm's LoadArchive on bytes held in memory."""
    try:
        return load_files(read_archive_files(data, limits), limits)
    except (archive.ArchiveError, _LoadFailure) as err:
        raise _error("", str(err)) from err


def _sniff_content_type(data: bytes) -> str:
    """A small part of Go's http.DetectContentType, enough for Helm's hint message."""
    # Helm sniffs a zero-filled 512-byte buffer, so short files carry NUL padding.
    head = data[:512].ljust(512, b"\x00")
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.startswith(b"\x1f\x8b\x08"):
        return "application/x-gzip"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    if any(b < 0x20 and b not in (9, 10, 12, 13, 27) for b in head):
        return "application/octet-stream"
    return "text/plain; charset=utf-8"


# ------------------------------------------------------------------------ files -> chart

def load_files(files: list[ChartFile], limits: LoadLimits = DEFAULT_LIMITS) -> Chart:
    """Helm's LoadFiles: sort files into the chart's parts and load its subcharts."""
    chart = Chart()
    metadata: Metadata | None = None
    for f in files:
        chart.raw_files.append(f)
        if f.name == "Chart.yaml":
            metadata = _decode_chart_yaml(f.data, metadata)
    chart.metadata = metadata or Metadata()
    subcharts: dict[str, list[ChartFile]] = {}
    for f in files:
        name = f.name
        if name == "Chart.yaml":
            continue
        if name == "Chart.lock":
            chart.lock = _decode_lock(f.data, "Chart.lock")
        elif name == "values.yaml":
            try:
                chart.values = load_values(f.data)
            except YamlError as err:
                raise _LoadFailure(f"cannot load values.yaml: {err}") from err
            chart.raw_values = f.data
        elif name == "values.schema.json":
            chart.schema = f.data
        elif name == "requirements.yaml":
            if metadata is None:
                metadata = chart.metadata = Metadata()
            if chart.metadata.api_version != "v1":
                _log_warning('Dependencies are handled in Chart.yaml since apiVersion "v2". '
                             "We recommend migrating dependencies to Chart.yaml.")
            try:
                decode_metadata(load_yaml(f.data), chart.metadata)
            except (YamlError, DecodeError) as err:
                raise _LoadFailure(f"cannot load requirements.yaml: {_decode_text(err)}") from err
            if chart.metadata.api_version == "v1":
                chart.files.append(f)
        elif name == "requirements.lock":
            chart.lock = _decode_lock(f.data, "requirements.lock")
            if metadata is None:
                metadata = chart.metadata = Metadata()
            if chart.metadata.api_version != "v1":
                _log_warning('Dependency locking is handled in Chart.lock since apiVersion "v2". '
                             "We recommend migrating to Chart.lock.")
            if chart.metadata.api_version == "v1":
                chart.files.append(f)
        elif name.startswith("templates/"):
            chart.templates.append(f)
        elif name.startswith("charts/"):
            if name.endswith(".prov"):
                chart.files.append(f)
                continue
            inner = name[len("charts/"):]
            subcharts.setdefault(inner.split("/", 1)[0], []).append(ChartFile(inner, f.data, f.mtime))
        else:
            chart.files.append(f)

    if metadata is None:
        raise _LoadFailure("Chart.yaml file is missing")
    try:
        validate_metadata(chart.metadata)
    except ValidationError as err:
        raise _LoadFailure(str(err)) from err

    # Go walks a map here, in random order. A small Go map most often starts from its first
    # inserted key, so the order of first appearance is the order Helm shows most often
    # (e.g. which broken subchart it reports); a directory walk makes that order sorted.
    for sub_name, sub_files in subcharts.items():
        if sub_name[:1] in ("_", "."):
            continue
        try:
            if sub_name.endswith(".tgz"):
                first = sub_files[0]
                if first.name != sub_name:
                    raise _LoadFailure(f"error unpacking subchart tar in {chart.name()}: "
                                       f"expected {sub_name}, got {first.name}")
                sub = load_files(read_archive_files(first.data, limits), limits)
            else:
                inner_files = [ChartFile(f.name.split("/", 1)[1], f.data, f.mtime)
                               for f in sub_files if "/" in f.name]
                sub = load_files(inner_files, limits)
        except (_LoadFailure, archive.ArchiveError) as err:
            if str(err).startswith("error unpacking subchart tar in "):
                raise
            raise _LoadFailure(f"error unpacking subchart {sub_name} in {chart.name()}: {err}") from err
        chart.add_dependency(sub)
    return chart


def _decode_chart_yaml(data: bytes, into: Metadata | None) -> Metadata:
    try:
        raw = load_yaml(data)
        metadata = decode_metadata(raw, into)
    except (YamlError, DecodeError) as err:
        raise _LoadFailure(f"cannot load Chart.yaml: {_decode_text(err)}") from err
    if isinstance(raw, dict) and into is not None:
        metadata.raw = raw
    if metadata.api_version == "":
        metadata.api_version = "v1"  # Helm 2 charts may omit it
    return metadata


def _decode_lock(data: bytes, file_name: str):  # noqa: ANN202 - returns model.Lock
    try:
        return decode_lock(load_yaml(data))
    except (YamlError, DecodeError) as err:
        raise _LoadFailure(f"cannot load {file_name}: {_decode_text(err)}") from err


def _decode_text(err: Exception) -> str:
    if isinstance(err, DecodeError):
        return f"error unmarshaling JSON: while decoding JSON: {err}"
    return str(err)


def _log_warning(message: str) -> None:
    import logging

    logging.getLogger("helmpy").warning("Warning: %s", message)
