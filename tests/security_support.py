"""Helpers shared by the tests/test_security_*.py regression matrix (docs/security.md).

Hostile archives are built by hand with tarfile (no packager would write them), and files a
test must never see changed are snapshotted so a test can assert "nothing outside moved".
"""
from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.test_repo_client import recorder

Member = tuple[str, bytes | None, str | None]  # (name, data, symlink target)


def tgz(members: list[Member], mtime: float | None = None) -> bytes:
    """A gzip'd tar of (name, data, link target) entries; a link target makes a symlink.
    ``mtime`` fixes the gzip header's time (default: now), for archives used in test ids."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=mtime) as gz, \
            tarfile.open(fileobj=gz, mode="w") as tar:
        for name, data, link in members:
            info = tarfile.TarInfo(name)
            if link is not None:
                info.type = tarfile.SYMTYPE
                info.linkname = link
                tar.addfile(info)
            else:
                info.size = len(data or b"")
                tar.addfile(info, io.BytesIO(data or b""))
    return buffer.getvalue()


def chart_yaml(name: str, version: str = "1.0.0", extra: str = "") -> bytes:
    return f"apiVersion: v2\nname: {name}\nversion: {version}\n{extra}".encode()


def index_for(archives: dict[tuple[str, str], bytes], base_url: str = "") -> bytes:
    """An index.yaml listing each (name, version) archive with its real digest."""
    lines = ["apiVersion: v1", "entries:"]
    by_name: dict[str, list[tuple[str, bytes]]] = {}
    for (name, version), data in archives.items():
        by_name.setdefault(name, []).append((version, data))
    for name, versions in by_name.items():
        lines.append(f"  {name}:")
        for version, data in versions:
            url = f"{base_url}/{name}-{version}.tgz" if base_url else f"{name}-{version}.tgz"
            lines += ["  - apiVersion: v2", f"    name: {name}", f"    version: {version}",
                      f"    digest: {hashlib.sha256(data).hexdigest()}", f"    urls: [{url}]"]
    return ("\n".join(lines) + "\n").encode()


@contextmanager
def repository(archives: dict[tuple[str, str], bytes],
               extra_routes: dict[str, bytes] | None = None) -> Iterator[tuple[str, list]]:
    """A loopback HTTP repository serving the archives and their index; yields (url, seen)."""
    routes = {f"/{n}-{v}.tgz": data for (n, v), data in archives.items()}
    routes["/index.yaml"] = index_for(archives)
    routes.update(extra_routes or {})
    with recorder(routes) as (url, seen):
        yield url, seen


def snapshot(root: Path, skip: Path | None = None) -> dict[str, bytes | str]:
    """Every path under ``root`` (outside ``skip``) with its content or link target."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        rel = str(path.relative_to(root))
        if path.is_symlink():
            found[rel] = "link->" + str(path.readlink())
        elif path.is_file():
            found[rel] = path.read_bytes()
        else:
            found[rel] = "dir"
    return found


def no_traceback(result: object) -> None:
    stderr = getattr(result, "stderr", "")
    assert "Traceback" not in stderr, stderr
