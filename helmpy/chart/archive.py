"""Reading chart archives (gzip'd tar with one top-level directory), safely.

Mirrors Helm's LoadArchiveFiles: the first path element is dropped, absolute paths and
parent references are refused, and sizes are capped (100 MiB in total, 5 MiB per file by
default). Sizes are counted from what is actually decompressed, not only from headers, and
link entries pointing out of the chart are refused (no link is ever followed).
"""
from __future__ import annotations

import io
import posixpath
import re
import tarfile
import zlib
from dataclasses import dataclass
from typing import IO

from helmpy.chart.model import ChartFile

MAX_DECOMPRESSED_CHART_SIZE = 100 * 1024 * 1024
MAX_DECOMPRESSED_FILE_SIZE = 5 * 1024 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
_DRIVE_PATH = re.compile(r"^[a-zA-Z]:/")


@dataclass(frozen=True)
class LoadLimits:
    """Helm's ChartLoadOptions."""

    max_chart_size: int = MAX_DECOMPRESSED_CHART_SIZE
    max_file_size: int = MAX_DECOMPRESSED_FILE_SIZE


DEFAULT_LIMITS = LoadLimits()


class ArchiveError(Exception):
    """The archive is malformed or unsafe; ``str()`` is Helm's message where Helm has one."""


class _CountingReader(io.RawIOBase):
    """Decompresses gzip lazily and stops once more than ``budget`` bytes came out.

    tarfile reads headers and pax records into memory; capping the whole decompressed
    stream keeps a bomb hidden in those from ever being inflated.
    """

    def __init__(self, raw: bytes, budget: int, limit_message: str) -> None:
        self._raw = raw
        self._pos = 0
        self._tail = b""  # compressed input the inflater has not consumed yet
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._pending = b""
        self._budget = budget
        self._limit_message = limit_message
        self.produced = 0

    def readable(self) -> bool:
        return True

    def _next_input(self) -> bytes:
        if self._tail:
            data, self._tail = self._tail, b""
            return data
        chunk = self._raw[self._pos:self._pos + 65536]
        self._pos += len(chunk)
        return chunk

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        want = len(buffer)
        while not self._pending:
            if self._inflater.eof:
                rest = self._inflater.unused_data + self._tail + self._raw[self._pos:]
                if not rest.strip(b"\x00"):
                    return 0
                # Concatenated gzip members are one stream, as Go's gzip reader treats them.
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._raw, self._pos, self._tail = rest, 0, b""
            data = self._next_input()
            if not data:
                raise ArchiveError("unexpected EOF")
            try:
                self._pending = self._inflater.decompress(data, max(want, 65536))
            except zlib.error as err:
                raise ArchiveError("gzip: invalid header" if self.produced == 0 else
                                   f"flate: corrupt input ({err})") from err
            self._tail = self._inflater.unconsumed_tail
        n = min(want, len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        self.produced += n
        if self.produced > self._budget:
            raise ArchiveError(self._limit_message)
        return n


def read_archive_files(data: bytes, limits: LoadLimits = DEFAULT_LIMITS) -> list[ChartFile]:
    """The files of a chart archive, names relative to its top-level directory."""
    _check_gzip_header(data)
    size_message = f"decompressed chart is larger than the maximum size {limits.max_chart_size}"
    # Headers and padding are a few KiB per entry; allow generous room beyond the content cap.
    stream = _CountingReader(data, limits.max_chart_size * 2 + (1 << 20), size_message)
    files: list[ChartFile] = []
    remaining = limits.max_chart_size
    try:
        with tarfile.open(fileobj=io.BufferedReader(stream), mode="r|") as tar:
            for member in tar:
                if member.isdir():
                    continue
                name = _checked_name(member.name)
                if member.issym() or member.islnk():
                    _check_link(member, name)
                    files.append(ChartFile(name, b"", member.mtime))  # kept, never followed
                    continue
                if not member.isfile():
                    files.append(ChartFile(name, b"", member.mtime))  # devices, fifos: no data
                    continue
                if member.size > remaining:
                    raise ArchiveError(size_message)
                if member.size > limits.max_file_size:
                    raise ArchiveError(
                        f"decompressed chart file {_go_q(member.name)} is larger than the maximum "
                        f"file size {limits.max_file_size}")
                handle: IO[bytes] | None = tar.extractfile(member)
                content = handle.read(remaining + 1) if handle is not None else b""
                remaining -= len(content)
                if len(content) < member.size or remaining <= 0:
                    raise ArchiveError(size_message)
                files.append(ChartFile(name, content.removeprefix(UTF8_BOM), member.mtime))
    except tarfile.ReadError as err:
        text = str(err)
        raise ArchiveError("unexpected EOF" if "empty" in text or "truncated" in text
                           else f"archive/tar: invalid tar header ({text})") from err
    except (EOFError, tarfile.StreamError) as err:
        raise ArchiveError("unexpected EOF") from err
    if not files:
        raise ArchiveError("no files in chart archive")
    return files


def _check_gzip_header(data: bytes) -> None:
    """Go's gzip.Reader header checks, in its order, with its errors."""
    if len(data) < 10:
        raise ArchiveError("unexpected EOF")
    if data[:3] != b"\x1f\x8b\x08":
        raise ArchiveError("gzip: invalid header")
    flags, pos = data[3], 10
    if flags & 0x04:  # FEXTRA
        if len(data) < pos + 2:
            raise ArchiveError("unexpected EOF")
        pos += 2 + int.from_bytes(data[pos:pos + 2], "little")
    for flag in (0x08, 0x10):  # FNAME, FCOMMENT: NUL-terminated
        if flags & flag:
            end = data.find(b"\x00", pos)
            if end < 0:
                raise ArchiveError("unexpected EOF")
            pos = end + 1
    if flags & 0x02:  # FHCRC
        pos += 2
    if len(data) < pos:
        raise ArchiveError("unexpected EOF")


def _checked_name(raw_name: str) -> str:
    """Helm's path checks on one entry; returns the name without its top directory."""
    delimiter = "\\" if "\\" in raw_name else "/"
    parts = raw_name.split(delimiter)
    name = "/".join(parts[1:])
    if name.startswith("/"):
        raise ArchiveError("chart illegally contains absolute paths")
    name = posixpath.normpath(name) if name else "."
    if name == ".":
        raise ArchiveError(
            f"chart illegally contains content outside the base directory: {_go_q(raw_name)}")
    if name.startswith(".."):
        raise ArchiveError("chart illegally references parent directory")
    if _DRIVE_PATH.match(name):
        raise ArchiveError("chart contains illegally named files")
    if parts[0] == "Chart.yaml":
        raise ArchiveError("chart yaml not in base directory")
    return name


def _check_link(member: tarfile.TarInfo, name: str) -> None:
    """Refuse link entries whose target leaves the chart (helmpy's own hardening)."""
    target = member.linkname.replace("\\", "/")
    if member.islnk():
        # Hard link targets are archive paths including the top-level directory.
        resolved = posixpath.normpath("/".join(target.split("/")[1:]) or ".")
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
    if target.startswith("/") or resolved == ".." or resolved.startswith("../"):
        raise ArchiveError(
            f"chart archive entry {_go_q(member.name)} is a link pointing outside the chart")


def _go_q(text: str) -> str:
    from helmpy.chart.metadata import go_quote

    return go_quote(text)
