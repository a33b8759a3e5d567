"""repositories.yaml (Helm's repo.File) and the per-repository index cache.

The file is written with Helm's field names so the two tools can share one if pointed at it.
Writes go through a lock file and an atomic rename, as Helm's ``repo add`` does.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helmpy.errors import HelmpyError
from helmpy.repo.filelock import exclusive_file_lock
from helmpy.repo.index import IndexFile, atomic_write, go_time_now, loads
from helmpy.repoformat import yamlio


@dataclass
class RepoEntry:
    name: str
    url: str
    username: str = ""
    password: str = ""
    cert_file: str = ""
    key_file: str = ""
    ca_file: str = ""
    insecure_skip_tls_verify: bool = False
    pass_credentials_all: bool = False

    def to_go(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.url, "username": self.username,
                "password": self.password, "certFile": self.cert_file, "keyFile": self.key_file,
                "caFile": self.ca_file, "insecure_skip_tls_verify": self.insecure_skip_tls_verify,
                "pass_credentials_all": self.pass_credentials_all}

    @classmethod
    def from_go(cls, raw: dict[str, Any]) -> RepoEntry:
        def text(key: str) -> str:
            value = raw.get(key)
            return "" if value is None else str(value)

        def flag(key: str) -> bool:
            return str(raw.get(key, "")).lower() in ("true", "yes", "on", "y")

        return cls(name=text("name"), url=text("url"), username=text("username"),
                   password=text("password"), cert_file=text("certFile"),
                   key_file=text("keyFile"), ca_file=text("caFile"),
                   insecure_skip_tls_verify=flag("insecure_skip_tls_verify"),
                   pass_credentials_all=flag("pass_credentials_all"))


@dataclass
class RepoFile:
    api_version: str = "v1"
    generated: str = field(default_factory=go_time_now)
    repositories: list[RepoEntry] = field(default_factory=list)

    def get(self, name: str) -> RepoEntry | None:
        return next((r for r in self.repositories if r.name == name), None)

    def has(self, name: str) -> bool:
        return self.get(name) is not None

    def update(self, entry: RepoEntry) -> None:
        for i, existing in enumerate(self.repositories):
            if existing.name == entry.name:
                self.repositories[i] = entry
                return
        self.repositories.append(entry)

    def remove(self, name: str) -> bool:
        before = len(self.repositories)
        self.repositories = [r for r in self.repositories if r.name != name]
        return len(self.repositories) != before

    def to_yaml(self) -> str:
        return yamlio.dump({"apiVersion": self.api_version, "generated": self.generated,
                             "repositories": [r.to_go() for r in self.repositories]})

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Credentials live here: keep the file private to the user.
        atomic_write(path, self.to_yaml().encode("utf-8"), 0o600)


def load_repo_file(path: Path) -> RepoFile:
    """Read repositories.yaml; a missing file is an empty configuration."""
    if not path.is_file():
        return RepoFile()
    try:
        doc = yamlio.load_text_scalars(path.read_bytes())
    except yamlio.YAMLError as err:
        raise HelmpyError(f"couldn't load repositories file ({path}): {err}") from err
    if not isinstance(doc, dict):
        return RepoFile()
    repos = [RepoEntry.from_go(r) for r in doc.get("repositories") or [] if isinstance(r, dict)]
    return RepoFile(api_version=str(doc.get("apiVersion") or ""),
                    generated=str(doc.get("generated") or ""), repositories=repos)


@contextmanager
def locked_repo_file(path: Path) -> Iterator[None]:
    """Hold ``repositories.lock`` (Helm's name) while reading, changing and writing the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_file_lock(path.with_suffix(".lock")):
        yield


def index_cache_path(cache_dir: Path, name: str) -> Path:
    return cache_dir / f"{name}-index.yaml"


def charts_cache_path(cache_dir: Path, name: str) -> Path:
    return cache_dir / f"{name}-charts.txt"


def _parsed_cache_path(index_path: Path) -> Path:
    return index_path.with_name(index_path.name + ".helmpy.json")


def store_index(cache_dir: Path, name: str, data: bytes, index: IndexFile) -> Path:
    """Cache the raw index (what Helm keeps), the chart names, and helmpy's parsed form."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = index_cache_path(cache_dir, name)
    atomic_write(path, data)
    names = "".join(f"{n}\n" for n in sorted(index.entries))
    atomic_write(charts_cache_path(cache_dir, name), names.encode("utf-8"))
    _write_parsed(path, index, hashlib.sha256(data).hexdigest())
    return path


def reuse_parsed(cache_dir: Path, name: str, data: bytes) -> IndexFile | None:
    """The cached parse of an index whose bytes have not changed since the last download
    (``repo update`` of an unchanged repository then skips parsing entirely)."""
    path = index_cache_path(cache_dir, name)
    sidecar = _parsed_cache_path(path)
    if not (path.is_file() and sidecar.is_file()):
        return None
    try:
        payload = json.loads(sidecar.read_bytes())
        stat = path.stat()
        if (payload.get("sha256") != hashlib.sha256(data).hexdigest()
                or payload.get("size") != stat.st_size
                or payload.get("mtime_ns") != stat.st_mtime_ns):
            return None
        return IndexFile(api_version=payload["apiVersion"], generated=payload["generated"],
                         entries=payload["entries"])
    except (ValueError, KeyError, OSError):
        return None


def _write_parsed(path: Path, index: IndexFile, sha256: str = "") -> None:
    stat = path.stat()
    payload = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha256,
               "apiVersion": index.api_version, "generated": index.generated,
               "entries": index.entries}
    try:
        atomic_write(_parsed_cache_path(path), json.dumps(payload, separators=(",", ":"))
                     .encode("utf-8"))
    except OSError:
        pass  # the parsed cache is an optimisation only


def load_cached_index(path: Path) -> IndexFile:
    """A cached index, from the parsed sidecar when it still matches the YAML file."""
    stat = path.stat()
    sidecar = _parsed_cache_path(path)
    if sidecar.is_file():
        try:
            payload = json.loads(sidecar.read_bytes())
            if payload.get("size") == stat.st_size and payload.get("mtime_ns") == stat.st_mtime_ns:
                return IndexFile(api_version=payload["apiVersion"],
                                 generated=payload["generated"], entries=payload["entries"])
        except (ValueError, KeyError, OSError):
            pass
    index = loads(path.read_bytes(), str(path))
    _write_parsed(path, index)
    return index


def remove_cache(cache_dir: Path, name: str) -> None:
    for path in (index_cache_path(cache_dir, name), charts_cache_path(cache_dir, name)):
        for candidate in (path, _parsed_cache_path(path)):
            if candidate.is_file() and not candidate.is_symlink():
                os.unlink(candidate)
