"""The chart store behind ``helmpy serve``: archives on disk plus one consistent index.

Every change (upload, delete) happens under one lock: the archive is written to a temporary
file and linked into place (so a version is never half-written and never silently replaced),
then the in-memory index is updated and index.yaml rewritten atomically. Readers get the last
complete index bytes without taking the lock, so reads never see a partial index and concurrent
uploads are never lost.
"""
from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helmpy.errors import ChartError
from helmpy.repo import index as repo_index
from helmpy.repo.filelock import exclusive_file_lock
from helmpy.repoformat import semver
from helmpy.repoformat.chartsource import metadata_from_archive_bytes
from helmpy.repoformat.metadata import MetadataError, metadata_to_go, safe_path_segment, validate


class StoreError(Exception):
    """A refused request: ``status`` is the HTTP status, the message goes to the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class StoreOptions:
    repo_path: Path
    base_url: str = ""
    allow_overwrite: bool = False
    require_provenance: bool = False
    keyring: str | None = None


class ChartStore:
    def __init__(self, options: StoreOptions) -> None:
        self.options = options
        self.root = options.repo_path
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._fragments: dict[str, str] = {}
        self.index = repo_index.IndexFile()
        self.index_bytes = b""
        self.rebuild()

    # -- index ----------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Index every archive in the directory (keeping creation times of known versions)."""
        with self._locked():
            previous: dict[tuple[str, str], str] = {}
            existing = self.root / "index.yaml"
            if existing.is_file():
                try:
                    old = repo_index.load_file(existing)
                    for name, versions in old.entries.items():
                        for record in versions:
                            previous[(name, record.get("version", ""))] = record.get("created", "")
                except Exception:  # a corrupt index is simply regenerated
                    previous = {}
            index = repo_index.index_directory(self.root, self.options.base_url,
                                               read_metadata=_read_metadata)
            for name, versions in index.entries.items():
                for record in versions:
                    created = previous.get((name, record.get("version", "")))
                    if created:
                        record["created"] = created
            index.sort_entries()
            self.index = index
            self._publish()

    def _publish(self, changed: str | None = None) -> None:
        """Write index.yaml; only the changed chart's part is re-serialised."""
        self.index.generated = repo_index.go_time_now()
        data = self._render(changed).encode("utf-8")
        repo_index.atomic_write(self.root / "index.yaml", data)
        self.index_bytes = data

    def _render(self, changed: str | None) -> str:
        """index.yaml as IndexFile.to_yaml writes it, assembled from per-chart fragments.

        Each chart's ``entries`` block only depends on its own versions (fixed indentation,
        so yaml.v2's line folding is the same), and keys follow yaml.v2's order; so a block
        is serialised once and reused until that chart changes. Uploads then cost
        O(one chart), not O(whole repository).
        """
        from helmpy.goyaml.writer import sorted_keys_key
        from helmpy.repoformat import yamlio

        if changed is None:
            self._fragments = {}
        else:
            self._fragments.pop(changed, None)
        entries = self.index.entries
        for name in entries:
            if name not in self._fragments:
                text = yamlio.dump({"entries": {name: entries[name]}})
                self._fragments[name] = text[len("entries:\n"):]
        for stale in set(self._fragments) - set(entries):
            del self._fragments[stale]
        head = yamlio.dump({"apiVersion": self.index.api_version})
        tail = yamlio.dump({"generated": self.index.generated})
        if not entries:
            return head + "entries: {}\n" + tail
        body = "".join(self._fragments[n] for n in sorted(entries, key=sorted_keys_key))
        return head + "entries:\n" + body + tail

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Thread lock plus an flock, so two server processes on one directory also serialise."""
        with self._lock, exclusive_file_lock(self.root / ".helmpy-serve.lock"):
            yield

    # -- queries --------------------------------------------------------------------------
    def all_charts(self) -> dict[str, list[dict[str, Any]]]:
        return self.index.entries

    def versions(self, name: str) -> list[dict[str, Any]]:
        versions = self.index.entries.get(name)
        if not versions:
            raise StoreError(404, "chart not found")
        return versions

    def version(self, name: str, version: str) -> dict[str, Any]:
        self.versions(name)
        if version == "latest":
            version = ""
        try:
            return self.index.get(name, version)
        except repo_index.IndexError_ as err:
            raise StoreError(404, str(err)) from err

    def file_path(self, filename: str) -> Path | None:
        """A servable file in the repository (only plain .tgz/.prov names, no paths)."""
        if "/" in filename or "\\" in filename or filename.startswith("."):
            return None
        if not (filename.endswith(".tgz") or filename.endswith(".tgz.prov")):
            return None
        path = self.root / filename
        if path.is_symlink() or not path.is_file():
            return None
        return path

    # -- changes --------------------------------------------------------------------------
    def save_chart(self, archive: bytes, prov: bytes | None = None) -> dict[str, Any]:
        """Validate and store one chart archive (and its .prov); returns the index record."""
        raw = _checked_metadata(archive)
        md = metadata_to_go(raw)
        filename = f"{md['name']}-{md['version']}.tgz"
        prov_path = self.root / (filename + ".prov")
        if self.options.require_provenance:
            prov = prov if prov is not None else (prov_path.read_bytes()
                                                  if prov_path.is_file() else None)
            if prov is None:
                raise StoreError(400, "a provenance file is required for this repository")
            self._verify(archive, prov, filename)
        elif prov is not None:
            self._check_prov_names(prov, filename)
        with self._locked():
            target = self.root / filename
            exists = target.exists() or target.is_symlink()
            if exists and not self.options.allow_overwrite:
                raise StoreError(409, "file already exists")
            owner = self._owner_of(filename) if exists else None
            if owner is not None and owner != (md["name"], md["version"]):
                # 'x' 1.0.0-y-2.0.0 and 'x-1.0.0-y' 2.0.0 share one file name: --allow-overwrite
                # replaces a chart's own versions, never another chart's file.
                raise StoreError(409, f"file already exists: {filename} holds chart "
                                      f"{owner[0]} version {owner[1]}")
            _write_file(target, archive, replace=self.options.allow_overwrite)
            if prov is not None:
                _write_file(prov_path, prov, replace=True)
            elif exists and prov_path.is_file() and not _prov_matches(prov_path, filename,
                                                                      archive):
                prov_path.unlink()  # an overwritten archive must not keep a stale signature
            versions = [r for r in self.index.entries.get(md["name"], [])
                        if r.get("version") != md["version"]]
            self.index.entries[md["name"]] = versions
            self.index.add(raw, filename, self.options.base_url,
                           repo_index.digest_file(target))
            self.index.entries[md["name"]] = semver.sort_desc(self.index.entries[md["name"]])
            self._publish(md["name"])
            return next(r for r in self.index.entries[md["name"]]
                        if r.get("version") == md["version"])

    def _owner_of(self, filename: str) -> tuple[str, str] | None:
        """The (name, version) whose archive is stored under ``filename``."""
        for name, versions in self.index.entries.items():
            for record in versions:
                if any(str(url).rsplit("/", 1)[-1] == filename for url in record.get("urls") or []):
                    return str(name), str(record.get("version", ""))
        try:
            md = metadata_to_go(_read_metadata(self.root / filename))
        except Exception:  # an unreadable stray file: treat as nobody's
            return None
        return str(md.get("name", "")), str(md.get("version", ""))

    def save_prov(self, prov: bytes) -> str:
        """Store a .prov on its own; its file name comes from the archive it signs."""
        from helmpy.provenance import ProvenanceError, parse_message_block

        text = prov.decode("utf-8", "replace")
        body = text.split("\n\n", 1)[1] if "\n\n" in text else text
        try:
            files = parse_message_block(body.split("-----BEGIN PGP SIGNATURE-----")[0])
        except ProvenanceError as err:
            raise StoreError(400, f"invalid provenance file: {err}") from err
        names = [n for n in files if n.endswith(".tgz")]
        if len(names) != 1:
            raise StoreError(400, "invalid provenance file: it must name exactly one archive")
        filename = names[0]
        stem = filename[:-4]
        name, _, version = stem.rpartition("-")
        if not (safe_path_segment(stem) and name):
            raise StoreError(400, f"invalid chart file name {filename!r}")
        with self._locked():
            target = self.root / (filename + ".prov")
            if target.exists() and not self.options.allow_overwrite:
                raise StoreError(409, "file already exists")
            _write_file(target, prov, replace=self.options.allow_overwrite)
        return filename + ".prov"

    def delete(self, name: str, version: str) -> None:
        if not (safe_path_segment(name) and safe_path_segment(version)):
            raise StoreError(400, "invalid chart name or version")
        with self._locked():
            versions = self.index.entries.get(name, [])
            remaining = [r for r in versions if r.get("version") != version]
            if len(remaining) == len(versions):
                raise StoreError(404, "chart not found")
            for suffix in (".tgz", ".tgz.prov"):
                path = self.root / f"{name}-{version}{suffix}"
                if path.exists() or path.is_symlink():
                    path.unlink()
            if remaining:
                self.index.entries[name] = remaining
            else:
                del self.index.entries[name]
            self._publish(name)

    def _verify(self, archive: bytes, prov: bytes, filename: str) -> None:
        from helmpy.provenance import ProvenanceError, verify_archive

        if not self.options.keyring:
            raise StoreError(500, "server has no keyring to verify provenance")
        try:
            verify_archive(archive, prov, filename, self.options.keyring)
        except ProvenanceError as err:
            raise StoreError(400, f"provenance verification failed: {err}") from err

    @staticmethod
    def _check_prov_names(prov: bytes, filename: str) -> None:
        if filename.encode() not in prov:
            raise StoreError(400, f"provenance file does not sign {filename}")


def _prov_matches(prov_path: Path, filename: str, archive: bytes) -> bool:
    """Whether a stored .prov names this archive's sha256 (its signature is not checked)."""
    import hashlib

    from helmpy.provenance import ProvenanceError, parse_message_block

    text = prov_path.read_text(errors="replace")
    body = text.split("\n\n", 1)[-1].split("-----BEGIN PGP SIGNATURE-----")[0]
    try:
        sums = parse_message_block(body)
    except ProvenanceError:
        return False
    return sums.get(filename) == "sha256:" + hashlib.sha256(archive).hexdigest()


def _read_metadata(path: Path) -> dict[str, Any]:
    if path.is_symlink():
        raise ChartError(f"{path.name} is a symbolic link; not served")  # never follow out
    raw = metadata_from_archive_bytes(path.read_bytes())
    md = metadata_to_go(raw)
    if not (safe_path_segment(md.get("name", "")) and safe_path_segment(md.get("version", ""))):
        raise ChartError("unsafe chart name or version")
    return raw


def _checked_metadata(archive: bytes) -> dict[str, Any]:
    try:
        raw = metadata_from_archive_bytes(archive)
        md = metadata_to_go(raw)
        md.setdefault("apiVersion", "v1")
        validate(md)
    except (ChartError, MetadataError) as err:
        raise StoreError(400, f"invalid chart archive: {err}") from err
    for field in ("name", "version"):
        if not safe_path_segment(md[field]):
            raise StoreError(400, f"invalid chart {field} {md[field]!r}")
    return raw


def _write_file(target: Path, data: bytes, replace: bool) -> None:
    """Write via a temporary file; without ``replace`` the final link fails if the name exists."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if replace:
            if target.is_symlink():
                target.unlink()
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError as err:
                raise StoreError(409, "file already exists") from err
            os.unlink(tmp)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
