"""Repository index files (index.yaml): generate, merge, load, query, write.

The in-memory form is the Go JSON form Helm marshals: ``entries`` maps a chart name to a list of
version records (Chart.yaml fields plus ``urls``, ``created``, ``digest``), newest first.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from helmpy.errors import HelmpyError
from helmpy.repoformat import semver, yamlio
from helmpy.repoformat.metadata import (
    MetadataError,
    dependency_to_go,
    metadata_to_go,
    sanitize,
    validate,
)

API_VERSION_V1 = "v1"
_ENTRY_EXTRA = {"urls", "created", "removed", "digest", "checksum", "engine", "tillerVersion",
                "url"}
_KNOWN_FIELDS = {"name", "home", "sources", "version", "description", "keywords", "maintainers",
                 "icon", "apiVersion", "condition", "tags", "appVersion", "deprecated",
                 "annotations", "kubeVersion", "dependencies", "type"} | _ENTRY_EXTRA


class IndexError_(HelmpyError):
    """An index file that cannot be used (Helm's wording)."""


def go_time_now() -> str:
    """time.Now() as Go's JSON writes it: RFC 3339 with trimmed nanoseconds, local offset."""
    ns = time.time_ns()
    local = datetime.fromtimestamp(ns // 1_000_000_000).astimezone()
    return format_go_time(local, ns % 1_000_000_000)


def format_go_time(moment: datetime, nanos: int = 0) -> str:
    base = moment.strftime("%Y-%m-%dT%H:%M:%S")
    frac = f".{nanos:09d}".rstrip("0") if nanos else ""
    offset = moment.utcoffset() or timedelta(0)
    if offset == timedelta(0):
        zone = "Z"  # Go's "Z07:00" layout writes Z for any zero offset
    else:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return base + frac + zone


def digest_file(path: str | os.PathLike[str]) -> str:
    """Hex sha256 of a file (Helm's provenance.DigestFile)."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def url_join(base: str, *paths: str) -> str:
    """Helm's urlutil.URLJoin: path.Join the URL's path with the segments."""
    parts = urlsplit(base)
    pieces = [p for p in (parts.path, *paths) if p]
    joined = ""
    if pieces:
        rooted = pieces[0].startswith("/")
        # Go's path.Clean collapses every run of slashes (posixpath keeps a leading "//").
        joined = posixpath.normpath("/".join(pieces).lstrip("/") or ".")
        joined = ("/" + joined if joined != "." else "/") if rooted else joined
        if joined == ".":
            joined = ""
    if parts.netloc and joined and not joined.startswith("/"):
        joined = "/" + joined
    return parts._replace(path=joined).geturl()


def _warn(message: str) -> None:
    print(f"level=WARN msg={yamlio.sanitize_terminal(message)!r}", file=sys.stderr)


@dataclass
class IndexFile:
    api_version: str = API_VERSION_V1
    generated: str = field(default_factory=go_time_now)
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    public_keys: list[str] = field(default_factory=list)
    annotations: dict[str, str] = field(default_factory=dict)
    server_info: dict[str, Any] = field(default_factory=dict)

    # -- building -------------------------------------------------------------------------
    def add(self, raw_metadata: dict[str, Any], filename: str, base_url: str, digest: str,
            created: str | None = None) -> None:
        """Helm's MustAdd: validate, compute the URL, append (the index may become unsorted)."""
        md = metadata_to_go(raw_metadata)
        md.setdefault("apiVersion", "v1")
        try:
            validate(md)
        except MetadataError as err:
            raise IndexError_(f"validate failed for {filename}: {err}") from err
        url = filename
        if base_url:
            url = url_join(base_url, os.path.basename(filename))
        record = dict(md)
        record.update({"urls": [url], "created": created or go_time_now(), "digest": digest})
        self.entries.setdefault(md["name"], []).append(record)

    def has(self, name: str, version: str) -> bool:
        return any(v.get("version") == version for v in self.entries.get(name, []))

    def sort_entries(self) -> None:
        for name, versions in self.entries.items():
            self.entries[name] = semver.sort_desc(versions)

    def merge(self, other: IndexFile) -> None:
        """Add the other index's versions this one lacks; existing records win."""
        for versions in other.entries.values():
            for record in versions:
                name, version = record.get("name", ""), record.get("version", "")
                if not self.has(name, version):
                    self.entries.setdefault(name, []).append(record)

    # -- querying -------------------------------------------------------------------------
    def get(self, name: str, version: str = "") -> dict[str, Any]:
        """Helm's IndexFile.Get: exact version first, else the newest matching the constraint."""
        versions = self.entries.get(name)
        if versions is None:
            raise IndexError_("no chart name found")
        if not versions:
            raise IndexError_("no chart version found")
        try:
            check = semver.constraint_checker(version or "*")
        except semver.ConstraintError as err:
            raise IndexError_(str(err)) from err
        if version:
            for record in versions:
                if record.get("version") == version:
                    return record
        for record in versions:
            text = str(record.get("version", ""))
            if semver.parse_ok(text) and check(text):
                return record
        raise IndexError_(f"no chart version found for {name}-{version}")

    # -- serialising ----------------------------------------------------------------------
    def to_go(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"apiVersion": self.api_version, "entries": self.entries,
                               "generated": self.generated}
        if self.public_keys:
            doc["publicKeys"] = self.public_keys
        if self.annotations:
            doc["annotations"] = self.annotations
        if self.server_info:
            doc["serverInfo"] = self.server_info
        return doc

    def to_yaml(self) -> str:
        return yamlio.dump(self.to_go())

    def write(self, dest: str | os.PathLike[str], mode: int = 0o644) -> None:
        atomic_write(dest, self.to_yaml().encode("utf-8"), mode)

    def write_json(self, dest: str | os.PathLike[str], mode: int = 0o644) -> None:
        """Helm's WriteJSONFile: json.MarshalIndent with Go's struct field order."""
        from helmpy.goyaml.gojson import StructJSON, dumps

        doc = StructJSON()
        if self.server_info:
            doc["serverInfo"] = self.server_info
        doc["apiVersion"] = self.api_version
        doc["generated"] = self.generated
        doc["entries"] = {name: [_struct_record(r, StructJSON) for r in versions]
                          for name, versions in self.entries.items()}
        if self.public_keys:
            doc["publicKeys"] = self.public_keys
        if self.annotations:
            doc["annotations"] = self.annotations
        atomic_write(dest, dumps(doc, indent="  ").encode("utf-8"), mode)


_METADATA_ORDER = ("name", "home", "sources", "version", "description", "keywords", "maintainers",
                   "icon", "apiVersion", "condition", "tags", "appVersion", "deprecated",
                   "annotations", "kubeVersion", "dependencies", "type")
_RECORD_TAIL = ("urls", "created", "removed", "digest", "checksum", "engine", "tillerVersion",
                "url")
_DEPENDENCY_ORDER = ("name", "version", "repository", "condition", "tags", "enabled",
                     "import-values", "alias", "depends-on")


def _struct_record(record: dict[str, Any], struct: type) -> Any:
    """A ChartVersion as Go's encoding/json orders it (embedded Metadata first)."""
    out = struct()
    for key in _METADATA_ORDER + _RECORD_TAIL:
        if key not in record:
            continue
        value = record[key]
        if key == "maintainers":
            value = [struct((k, m[k]) for k in ("name", "email", "url") if k in m) for m in value]
        elif key == "dependencies":
            value = [struct((k, d[k]) for k in _DEPENDENCY_ORDER if k in d) for d in value]
        out[key] = value
    if "urls" not in out:
        out["urls"] = None
    return out


def atomic_write(dest: str | os.PathLike[str], data: bytes, mode: int = 0o644) -> None:
    """Write to a temporary file in the same directory, then rename over the target."""
    target = Path(dest)
    if target.is_symlink():
        raise IndexError_(f"refusing to write through symbolic link {target}")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


_CHECKED = ("apiVersion", "name", "version", "type")
_SANITIZED = ("name", "description", "home", "icon", "condition", "tags", "appVersion",
              "kubeVersion")


def _sanitize_record(record: dict[str, Any]) -> None:
    """What Validate does in place on a loaded entry: strings lose non-printable characters."""
    for key in _SANITIZED:
        value = record.get(key)
        if isinstance(value, str) and not (value.isascii() and value.isprintable()):
            record[key] = sanitize(value)
    for key in ("sources", "keywords"):
        values = record.get(key)
        if isinstance(values, list):
            record[key] = [sanitize(v) if isinstance(v, str) else v for v in values]
    for person in record.get("maintainers") or []:
        if isinstance(person, dict):
            for key in ("name", "email", "url"):
                if isinstance(person.get(key), str):
                    person[key] = sanitize(person[key])


def _validate_loaded(record: dict[str, Any]) -> None:
    maintainers = record.get("maintainers") or []
    if (not record.get("dependencies") and all(isinstance(m, dict) for m in maintainers)
            and all(isinstance(record.get(k), (str, type(None))) for k in _CHECKED)):
        # Fast path for the common entry: only these fields can fail Validate.
        light = {k: sanitize(record[k]) for k in _CHECKED if record.get(k)}
        light.setdefault("apiVersion", "v1")
        validate(light)
        return
    md = {k: record[k] for k in record if k not in _ENTRY_EXTRA}
    converted = metadata_to_go(md)
    converted.setdefault("apiVersion", "v1")
    try:
        validate(converted)
    except MetadataError as err:
        if "more than one dependency with name or alias" in str(err):
            return  # Helm skips this one check for index entries (JFrog strips aliases)
        raise


def _normalise_record(record: dict[str, Any]) -> dict[str, Any]:
    """Typed fields back to Go types after the text-scalar decode."""
    out = dict(record)
    for key in ("deprecated", "removed"):
        if key in out:
            value = out[key]
            flag = value is True or (isinstance(value, str) and value in ("true", "True", "TRUE",
                                                                         "yes", "on", "y"))
            if flag:
                out[key] = True
            else:
                del out[key]
    if not out.get("apiVersion"):
        out["apiVersion"] = "v1"
    deps = out.get("dependencies")
    if isinstance(deps, list):
        out["dependencies"] = [dependency_to_go(d, retype=True) or d for d in deps]
    return out


def loads(data: bytes | str, source: str = "index.yaml",
          warn: Callable[[str], None] = _warn) -> IndexFile:
    """Decode an index (JSON or YAML) the way Helm's loadIndex does.

    Null and invalid entries are skipped with a warning instead of failing the whole index.
    """
    if not data or (isinstance(data, (bytes, str)) and not data.strip()):
        raise IndexError_("empty index.yaml file")
    try:
        doc = yamlio.load_text_scalars(data)
    except yamlio.YAMLError as err:
        raise IndexError_(f"error converting YAML to JSON: {err}") from err
    if not isinstance(doc, dict):
        raise IndexError_("error unmarshaling JSON: index is not a mapping")
    index = IndexFile(api_version=str(doc.get("apiVersion") or ""),
                      generated=str(doc.get("generated") or ""))
    if isinstance(doc.get("annotations"), dict):
        index.annotations = {str(k): str(v) for k, v in doc["annotations"].items()}
    if isinstance(doc.get("publicKeys"), list):
        index.public_keys = [str(k) for k in doc["publicKeys"]]
    raw_entries = doc.get("entries") or {}
    if not isinstance(raw_entries, dict):
        raise IndexError_("error unmarshaling JSON: entries is not a mapping")
    for name, versions in raw_entries.items():
        kept: list[dict[str, Any]] = []
        seen: set[tuple[Any, Any]] = set()
        for record in versions if isinstance(versions, list) else []:
            if not isinstance(record, dict):
                warn(f'skipping loading invalid entry for chart "{name}" from {source}: '
                     "empty entry")
                continue
            record = _normalise_record(record)
            urls = record.get("urls")
            if urls is not None and not (isinstance(urls, list) and all(
                    isinstance(u, str) or u is None for u in urls)):
                # Go cannot decode this into []string; a mapping here crashed pull with KeyError
                warn(f'skipping loading invalid entry for chart "{name}" '
                     f'"{record.get("version", "")}" from {source}: urls is not a list of strings')
                continue
            try:
                _validate_loaded(record)
            except MetadataError as err:
                warn(f'skipping loading invalid entry for chart "{name}" '
                     f'"{record.get("version", "")}" from {source}: {err}')
                continue
            _sanitize_record(record)
            key = (record.get("name"), record.get("version"))
            if key in seen:
                warn(f'duplicate entry for chart "{name}" version "{record.get("version", "")}" '
                     f"in {source}: the first one is used")
            seen.add(key)
            kept.append(record)
        index.entries[str(name)] = kept
    index.sort_entries()
    if not index.api_version:
        raise IndexError_("no API version specified")
    return index


def load_file(path: str | os.PathLike[str]) -> IndexFile:
    """Helm's LoadIndexFile (with its ``error loading PATH:`` prefix)."""
    data = Path(path).read_bytes()
    try:
        return loads(data, str(path))
    except IndexError_ as err:
        raise IndexError_(f"error loading {path}: {err}") from err


def _chart_yaml_from_archive(path: Path) -> dict[str, Any]:
    from helmpy.repoformat.chartsource import read_archive_metadata

    return read_archive_metadata(path)


def index_directory(directory: str | os.PathLike[str], base_url: str = "",
                    read_metadata: Callable[[Path], dict[str, Any]] | None = None) -> IndexFile:
    """Helm's IndexDirectory: every ``*.tgz`` at the top and one level down."""
    root = Path(directory)
    archives = sorted(root.glob("*.tgz")) + sorted(root.glob("*/*.tgz"))
    reader = read_metadata or _chart_yaml_from_archive
    index = IndexFile()
    for archive in archives:
        rel = archive.relative_to(root)
        parent = str(rel.parent) if str(rel.parent) != "." else ""
        parent_url = url_join(base_url, parent) if base_url else parent
        try:
            raw = reader(archive)
        except Exception:
            continue  # not a chart: Helm skips it silently
        try:
            index.add(raw, rel.name, parent_url, digest_file(archive))
        except IndexError_ as err:
            raise IndexError_(f"failed adding to {rel.name} to index: {err}") from err
    return index


def iter_versions(index: IndexFile) -> Iterable[tuple[str, dict[str, Any]]]:
    for name in sorted(index.entries):
        for record in index.entries[name]:
            yield name, record


def resolve_reference_url(base: str, ref: str) -> str:
    """Helm's ResolveReferenceURL: chart URLs in an index are relative to the index's URL."""
    parts = urlsplit(ref)
    if parts.scheme:
        return ref
    base_parts = urlsplit(base)
    path = base_parts.path if base_parts.path.endswith("/") else base_parts.path + "/"
    resolved = urljoin(base_parts._replace(path=path, query="").geturl(), ref)
    if base_parts.query:
        resolved = urlsplit(resolved)._replace(query=base_parts.query).geturl()
    return resolved
